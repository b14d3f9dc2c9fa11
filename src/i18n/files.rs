//! What sori says about the session's file among other programs (a sync client, a hand edit,
//! a read-only folder), about the limits that keep every file readable, and about a signal
//! that ended it. Shown on the screen and printed by the command line.

use super::catalog;

catalog! {
    FileText {
        CannotWriteFile => ("{path} は読み取り専用のファイルです（ファイルの権限）。sori は表示だけして、何も書き込みません。",
                            "{path} is a read-only file (its permissions): sori shows it and writes nothing."),
        CannotWriteFolder => ("{dir} には書き込めません（{why}）。sori は表示だけして、何も書き込みません。",
                              "Nothing can be written in {dir} ({why}): sori shows the session and writes nothing."),
        CannotWriteLock => ("ロックファイル {lock} が使えません（{why}）。読み取り専用で開きました。",
                            "The lock file {lock} cannot be used ({why}): opened read-only."),
        CannotWriteJournal => ("ジャーナル {journal} が使えません（{why}）。読み取り専用で開きました。",
                               "The journal {journal} cannot be used ({why}): opened read-only."),
        JournalForeign => ("ジャーナルに残っていた {n} 件の変更は、このファイルの別の版に対するものでした（その後、同期ソフトか別の人がファイルを置き換えました）。ファイルはそのまま開き、その変更は反映せず、消さずに {kept} に移しました。",
                           "The journal's {n} changes were made on another version of this file (a sync client or someone else has replaced the file since). The file opens as it is; those changes were not applied, and are kept in {kept}."),
        Conflict => ("{theirs} が開いている間に別のプログラム（同期ソフトや手での編集）で変更されました。上書きせず両方を残します：相手の版は {theirs} のまま、この sori の版は {ours} に保存し、このまま {ours} で続けます。",
                     "{theirs} was changed by another program (a sync client, a hand edit) while it was open. Nothing is overwritten, both are kept: the other version stays in {theirs}; this sori's version is saved as {ours}, where the session goes on."),
        Reloaded => ("{path} が別のプログラムで変更されました。この sori にはまだ変更がなかったので、新しい版を表示しています。",
                     "{path} was changed by another program; this sori had no changes of its own, so it now shows the new version."),
        ChangedUnreadable => ("ファイルが別のプログラムで変更され、読めなくなりました：{error}。読み込んだ版を表示したまま、何も書き込みません（ファイルが直れば、また書き込めます）。",
                              "The file was changed by another program and no longer reads: {error}. sori keeps showing the version it read and writes nothing until the file reads again."),
        Restored => ("{path} が別のプログラムで削除（または移動）されました。この sori の版を書き戻しました。",
                     "{path} was removed (or moved away) by another program; sori wrote its version back."),
        TooLarge => ("この変更は保存しません：セッションのファイルが {mib} MiB を超え、sori で開けなくなります。",
                     "Not made: the session file would be larger than {mib} MiB, and sori could not open it again."),
        TooLong => ("長すぎます：{what}は {max} 文字までです（{n} 文字）。短くしてから Enter で保存してください。",
                    "Too long: {what} takes at most {max} characters ({n} typed). Shorten it, then Enter saves it."),
        WhatLine => ("タイトルや名前", "a title or a name"),
        WhatText => ("この項目", "this text"),
        WhatNotes => ("メモや説明", "notes or a description"),
        EndedBySignal => ("{signal} を受けたので終了しました。入力中の文字も含め、すべて保存しました。",
                          "Ended by {signal}: everything is saved, the text being typed too."),
        ListSkipped => ("{path} は読みませんでした：{why}",
                        "{path} was not read: {why}"),
        ForeignJournalLeftOut => ("注意：{journal} の変更は、このファイルの別の版に対するものなので、ここには含めていません。",
                                  "note: the changes in {journal} were made on another version of this file and are left out here."),
        OutputRefused => ("{path}：ここには {what} があります。議事録で上書きしません。別の名前を指定してください（-o を省くと画面に出力します）。",
                          "{path}: this is {what}; sori does not write minutes over it. Choose another name (without -o the minutes are printed)."),
        OccupantSession => ("sori のセッション", "a sori session"),
        OccupantJournal => ("セッションのジャーナル", "a session's journal"),
        OccupantLock => ("セッションのロックファイル", "a session's lock file"),
        OccupantNotFile => ("通常のファイルではないもの（{kind}）", "not a regular file ({kind})"),
    }
}
