//! What a `Notice` about the session's file says, in the catalog's words: on the screen when it
//! happens, and on the command line for what happens as sori closes.

use crate::i18n::files::FileText;
use crate::i18n::ui::Ui;
use crate::i18n::{Lang, fill};
use crate::store::{Notice, WriteBlock};

/// The words for a notice.
pub fn notice_text(notice: &Notice, lang: Lang) -> String {
    let shown = |p: &std::path::Path| p.display().to_string();
    match notice {
        Notice::ReadOnly => Ui::NoticeReadOnly.text(lang).to_string(),
        Notice::Recovered { edits } => {
            fill(Ui::NoticeRecovered.text(lang), &[("n", &edits.to_string())])
        }
        Notice::JournalDamaged { line, copy } => fill(
            Ui::NoticeDamaged.text(lang),
            &[
                ("line", &line.to_string()),
                (
                    "copy",
                    &copy.as_deref().map(shown).unwrap_or_else(|| "-".into()),
                ),
            ],
        ),
        Notice::HistoryDamaged { error, journal } => fill(
            Ui::NoticeHistoryDamaged.text(lang),
            &[("error", &error.to_string()), ("journal", &shown(journal))],
        ),
        Notice::CannotWrite(block) => match block {
            WriteBlock::FileReadOnly { path } => fill(
                FileText::CannotWriteFile.text(lang),
                &[("path", &shown(path))],
            ),
            WriteBlock::FolderReadOnly { dir, why } => fill(
                FileText::CannotWriteFolder.text(lang),
                &[("dir", &shown(dir)), ("why", why)],
            ),
            WriteBlock::Lock { lock, why } => fill(
                FileText::CannotWriteLock.text(lang),
                &[("lock", &shown(lock)), ("why", why)],
            ),
            WriteBlock::Journal { journal, why } => fill(
                FileText::CannotWriteJournal.text(lang),
                &[("journal", &shown(journal)), ("why", why)],
            ),
        },
        Notice::JournalForeign { edits, kept } => fill(
            FileText::JournalForeign.text(lang),
            &[("n", &edits.to_string()), ("kept", &shown(kept))],
        ),
        Notice::Conflict { theirs, ours } => fill(
            FileText::Conflict.text(lang),
            &[("theirs", &shown(theirs)), ("ours", &shown(ours))],
        ),
        Notice::Reloaded { path } => fill(FileText::Reloaded.text(lang), &[("path", &shown(path))]),
        Notice::ChangedUnreadable { error } => {
            fill(FileText::ChangedUnreadable.text(lang), &[("error", error)])
        }
        Notice::Restored { path } => fill(FileText::Restored.text(lang), &[("path", &shown(path))]),
    }
}
