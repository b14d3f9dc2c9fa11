//! What the command line prints: `sori list`'s table, `sori check`'s results, the CLI's own
//! errors. (Load errors themselves name keys and positions of the file, and stay as the store
//! words them.)

use super::catalog;

catalog! {
    CliText {
        ListHeading => ("{dir} のセッション（新しい順）", "Sessions in {dir} (newest first)"),
        ListEmpty => ("{dir} にはまだセッションがありません。`sori new` で作れます。",
                      "No sessions yet in {dir}. Create one with `sori new`."),
        ColDate => ("日付", "Date"),
        ColStep => ("ステップ", "Step"),
        ColTitle => ("タイトル", "Title"),
        ColParties => ("関係者", "Parties"),
        ColFile => ("ファイル", "File"),
        Untitled => ("（無題）", "(untitled)"),
        NoDate => ("日付なし", "no date"),
        // Separates party names in one cell.
        PartySeparator => ("、", ", "),
        // `PATH: ok` is what scripts look for: the same word in both languages.
        CheckOk => ("ok", "ok"),
        CheckNotReplayed => ("ok（注意：履歴を再生しても保存された状態になりません。手で編集されたファイルかもしれません）",
                             "ok (note: the history does not replay to the saved state; was the file edited by hand?)"),
        CheckRecordFails => ("ok（注意：履歴の {n} 番目の記録が適用できません：{error}）",
                             "ok (note: history record {n} does not apply: {error})"),
        // After `{journal}:{line}:{column}: `. A journal line that cannot be read, or an edit in it
        // that does not follow the file: `sori open` keeps what is before it and a copy.
        CheckJournalDamaged => ("ジャーナルのこの行が読めません（{error}）。セッションを開くと、その前の編集（{n} 件）を復元し、ジャーナルは別名で保管します",
                                "this line of the journal cannot be read ({error}); opening the session recovers the edits before it ({n}) and keeps the journal aside"),
        CheckJournalUnfit => ("ジャーナルのこの編集はファイルに適用できません（{error}）。セッションを開くと、その前の編集（{n} 件）を復元し、ジャーナルは別名で保管します",
                              "this edit in the journal does not fit the file ({error}); opening the session recovers the edits before it ({n}) and keeps the journal aside"),
        CheckJournalGap => ("ジャーナルのこの編集は {seq} 番ですが、ファイルの履歴は {len} 件です。セッションを開くと、その前の編集（{n} 件）を復元し、ジャーナルは別名で保管します",
                            "this edit in the journal is number {seq}, but the file's history has {len}; opening the session recovers the edits before it ({n}) and keeps the journal aside"),
        // After `{journal}: `. The journal was written on another version of the file.
        CheckJournalForeign => ("このジャーナルの変更（{n} 件）は、このファイルの別の版に対するものです（ファイルはその後置き換えられました）。セッションを開くと、反映せずに別名で保管します",
                                "the journal's {n} changes were made on another version of this file (it has been replaced since); opening the session keeps them aside, unapplied"),
        FileExists => ("{path}: このファイルはすでにあります。別の名前を指定してください",
                       "{path}: the file already exists; choose another name"),
        // `sori export --format docx` (or xlsx) on a terminal writes the file next to the session.
        MinutesWrittenTo => ("議事録を書き出しました：{path}", "Minutes written: {path}"),
        BadTime => ("{flag} {text}: 日時は 2026-12-03 14:00 の形で指定してください",
                    "{flag} {text}: give the date and time like 2026-12-03 14:00"),
        CannotCreateFolder => ("{dir}: フォルダーを作れません：{error}",
                               "{dir}: cannot create the folder: {error}"),
    }
}
