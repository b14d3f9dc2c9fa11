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
        FileExists => ("{path}: このファイルはすでにあります。別の名前を指定してください",
                       "{path}: the file already exists; choose another name"),
        CannotCreateFolder => ("{dir}: フォルダーを作れません：{error}",
                               "{dir}: cannot create the folder: {error}"),
    }
}
