//! The screen's own words: messages, hints, the help's descriptions of keys, empty states.
//! (The method's words — steps, columns, statuses — are in `terms`.)

use super::{Lang, catalog};
use crate::core::session::Achieved;

catalog! {
    Ui {
        // Marks and small words.
        Bullet => ("・", "-\u{a0}"),
        WarnMark => ("⚠ ", "⚠ "),
        UnservedMark => ("! ", "! "),
        ListSep => ("、", ", "),
        HostSuffix => ("（主催）", " (host)"),
        HostMark => ("★", "★"),
        LeadSuffix => ("（主導）", " (lead)"),
        Ditto => ("〃", "〃"),
        NoBenefit => ("相利なし", "no benefit"),
        DoneYes => ("[x] 完了", "[x] done"),
        DoneNo => ("[ ]", "[ ]"),
        VotesShort => ("{n}票", "{n} votes"),
        KeySpace => ("Space", "Space"),
        KeyAnyChar => ("文字", "letters"),
        Untitled => ("（無題）", "(untitled)"),
        Partners => ("相手", "Partners"),
        ActivitiesPane => ("共同の活動", "Activities"),
        StepNotes => ("メモ", "Notes"),
        FieldTitle => ("タイトル", "title"),
        FieldVenue => ("会場", "venue"),
        FieldFacilitator => ("ファシリテーター", "facilitator"),
        TableHeading => ("相利評価表", "Mutual-benefit table"),
        EvalHeading => ("評価", "Evaluation"),
        AchievedCol => ("実現", "Achieved"),
        IdeaKindCol => ("種類", "Kind"),
        IdeaNameCol => ("誰を・何を", "Who / what"),
        CoopShort1 => ("同じ目的", "same purpose"),
        CoopShort2 => ("主役に協力", "lead + support"),
        CoopShort3 => ("相利", "mutual"),

        // The timer.
        TimerRunning => ("計測中", "running"),
        TimerPaused => ("停止中", "paused"),
        TimerOver => ("時間超過", "over time"),
        TimerStarted => ("タイマーを始めました", "Timer started"),
        TimerStopped => ("タイマーを止めました", "Timer paused"),

        // The status line.
        Saved => ("✓ 保存済み", "✓ saved"),
        NotSaved => ("✗ 未保存 ", "✗ not saved "),
        ReadOnly => ("! 読み取り専用", "! read-only"),
        Snapshot => ("表示のみ", "view only"),

        // Messages.
        Undone => ("元に戻しました", "Undone"),
        Redone => ("やり直しました", "Redone"),
        NothingToUndo => ("元に戻す変更はありません", "Nothing to undo"),
        NothingToRedo => ("やり直す変更はありません", "Nothing to redo"),
        Deleted => ("「{what}」を削除しました（u で元に戻せます）",
                    "Removed “{what}” (u brings it back)"),
        Voted => ("「{activity}」: {n}票", "“{activity}”: {n} votes"),
        NoVotes => ("この活動にはまだ票がありません", "This activity has no votes yet"),
        NothingSelected => ("選ばれている項目がありません", "Nothing is selected"),
        CannotMove => ("ここでは並べ替えできません", "Rows cannot be reordered here"),
        EmptyNotSaved => ("空の名前は保存しません（削除は d）",
                          "An empty name is not saved (d removes)"),
        ReadOnlyRefused => ("読み取り専用です：変更できません", "Read-only: nothing can be changed"),
        Refused => ("変更できませんでした：{error}", "Could not change that: {error}"),
        NotSavedMessage => ("まだ保存されていません：{error}（次の変更で再試行します）",
                            "Not saved yet: {error} (retried with the next change)"),
        NoticeReadOnly => ("このセッションは別の sori で開かれています。読み取り専用で開きました。",
                           "Another sori has this session open: opened read-only."),
        NoticeRecovered => ("前回保存されなかった {n} 件の変更を復元しました。",
                            "Recovered {n} changes that were not saved last time."),
        NoticeDamaged => ("ジャーナルの {line} 行目から先は読めませんでした。写しを保存しました：{copy}",
                          "The journal could not be read from line {line} on; a copy was kept: {copy}"),
        NoticeHistoryDamaged => ("このファイルの履歴が読めません：{error}。読み取り専用に切り替えました。ここまでの変更は {journal} に残っています（履歴を直して開き直すと戻ります）。",
                                 "The history in this file cannot be read: {error}. sori switched to read-only; the changes made so far are kept in {journal} (fix the history and open the file again to get them back)."),
        MoreWarnings => ("⚠ ほかに {n} 件", "⚠ {n} more"),
        TooSmall => ("画面が小さすぎます（{w}×{h}）。{min_w}×{min_h} 以上に広げてください。",
                     "The window is too small ({w}×{h}). Please make it at least {min_w}×{min_h}."),

        // Empty states.
        EmptyParties => ("a で関係者を追加", "a adds a party"),
        EmptyHost => ("主催の関係者がいません。関係者リストで a で追加し、H で主催にします。",
                      "No host party yet. Add one in the party list (a) and make it the host (H)."),
        EmptyPartners => ("相手の関係者がいません。関係者リスト（Tab）で a を押して追加します。",
                          "No partners yet. Press a in the party list (Tab) to add one."),
        EmptyListAdd => ("a で追加", "a adds one"),
        EmptyActivities => ("a で活動を追加", "a adds an activity"),
        EmptyActivitiesMain => ("まだ活動がありません。活動リストで a を押して追加します。",
                                "No activities yet. Press a in the activity list to add one."),
        EmptyParticipants => ("参加する関係者がいません。a で加えます。",
                              "No party takes part yet. a adds one."),
        EmptyParticipantsEval => ("参加する関係者がいません（ステップ3で加えます）",
                                  "No party takes part yet (add them in step 3)"),
        EmptyLinks => ("まだありません。a で追加して結びます。", "None yet. a adds one and links it."),
        EmptyMessages => ("メッセージはありません", "No messages"),
        EmptyReplay => ("まだありません", "None yet"),
        EmptyReplayParties => ("この時点ではまだ関係者がいません", "No parties at this point yet"),

        // Titles of overlays and the editor.
        HelpTitle => ("ヘルプ：キー一覧", "Help: keys"),
        MessagesTitle => ("メッセージ", "Messages"),
        LinksTitle => ("{party}の{list}（この活動で応えるもの）", "{party}: {list} this activity serves"),
        ParticipantsTitle => ("参加する関係者 — {activity}", "Parties taking part — {activity}"),
        EdAdd => ("追加：{what}", "Add: {what}"),
        EdEdit => ("編集：{what}", "Edit: {what}"),
        EdHint => ("Enter 保存 · Esc 取消 · Alt-Enter 改行", "Enter save · Esc cancel · Alt-Enter new line"),

        // The picker.
        PickerHeading => ("sori — 相利ワークショップ", "sori — mutual-benefit workshops"),
        PickerTitle => ("セッションを選ぶ", "Choose a session"),
        PickerNew => ("新しいセッション", "New session"),
        PickerStep => ("ステップ {n}/5", "step {n}/5"),
        PickerExampleMark => ("例 ", "ex "),
        AskTitle => ("新しいセッションのタイトル", "Title of the new session"),
        AskHost => ("主催の関係者（空でも可）", "Host party (may be empty)"),

        // Sections of the help.
        CtxEditor => ("文字の入力", "Typing"),
        CtxHelp => ("ヘルプ", "Help"),
        CtxList => ("リスト", "Lists"),
        CtxNav => ("移動", "Moving"),
        CtxChecklist => ("チェックリスト", "Checklist"),
        CtxSwot => ("SWOT", "SWOT"),
        CtxActionItems => ("アクション", "Action items"),
        CtxOverlay => ("ウィンドウ", "Window"),
        CtxParties => ("関係者リスト", "Party list"),
        CtxGoals => ("目的・課題・強み", "Purposes, challenges, strengths"),
        CtxActivity => ("選んだ活動", "The selected activity"),
        CtxTable => ("相利評価表", "Mutual-benefit table"),
        CtxEvaluation => ("評価", "Evaluation"),
        CtxIdeas => ("拡大のアイデア", "Expansion ideas"),
        CtxWorkshop => ("ワークショップ全体", "Workshop"),
        CtxChanges => ("元に戻す・やり直す", "Undo and redo"),
        CtxGlobal => ("いつでも", "Always"),
        CtxPicker => ("セッションの選択", "Choosing a session"),
        CtxReplay => ("再生", "Replay"),

        // What keys do (the help), and their short forms (the status line).
        HelpEdType => ("入力する（日本語入力も可）", "type (an IME works too)"),
        HelpEdSave => ("保存する", "save"),
        HelpEdCancel => ("取り消す（保存しない）", "cancel (not saved)"),
        HelpEdNewline => ("改行を入れる", "insert a line break"),
        HelpEdLeft => ("1文字左へ", "one character left"),
        HelpEdRight => ("1文字右へ", "one character right"),
        HelpEdWordLeft => ("1語左へ", "one word left"),
        HelpEdWordRight => ("1語右へ", "one word right"),
        HelpEdHome => ("行の先頭へ", "start of line"),
        HelpEdEnd => ("行の末尾へ", "end of line"),
        HelpEdUp => ("上の行へ", "line up"),
        HelpEdDown => ("下の行へ", "line down"),
        HelpEdBackspace => ("前の文字を消す", "delete the character before"),
        HelpEdDelete => ("次の文字を消す", "delete the character after"),
        HelpEdDeleteWord => ("前の語を消す", "delete the word before"),
        HelpEdDeleteToEnd => ("行末まで消す", "delete to the end of line"),
        HelpEdDeleteToHead => ("行頭まで消す", "delete to the start of line"),
        HelpEdUndo => ("入力を元に戻す", "undo typing"),
        HelpEdRedo => ("入力をやり直す", "redo typing"),
        HelpClose => ("閉じる", "close"),
        HelpScroll => ("スクロール", "scroll"),
        HelpToggle => ("選ぶ／外す", "tick / untick"),
        HelpAddLinked => ("新しく追加して結ぶ", "add a new one and link it"),
        HelpSwotNext => ("次の欄へ", "next quadrant"),
        HelpSwotPrev => ("前の欄へ", "previous quadrant"),
        HelpDone => ("完了にする／戻す", "mark done / not done"),
        HelpNextColumn => ("右の列へ", "next column"),
        HelpPrevColumn => ("左の列へ", "previous column"),
        HelpAdd => ("追加する", "add"),
        HelpEdit => ("編集する（選ぶ欄では選択）", "edit (or choose, in a choice cell)"),
        HelpDelete => ("削除する（確認なし、u で元に戻せる）", "remove (no question asked: u brings it back)"),
        HelpDown => ("下へ", "down"),
        HelpUp => ("上へ", "up"),
        HelpTop => ("先頭へ", "to the top"),
        HelpBottom => ("末尾へ", "to the bottom"),
        HelpPageDown => ("1ページ下へ", "page down"),
        HelpPageUp => ("1ページ上へ", "page up"),
        HelpMoveDown => ("項目を下へ移す", "move the item down"),
        HelpMoveUp => ("項目を上へ移す", "move the item up"),
        HelpHelp => ("ヘルプ", "help"),
        HelpSwot => ("この関係者の SWOT を開く", "open this party's SWOT"),
        HelpSetHost => ("主催にする", "make this party the host"),
        HelpPartyKind => ("種別を切り替える", "change the kind"),
        HelpNextParty => ("次の関係者へ（ステップ1では次の欄へ）", "next party (in step 1: next list)"),
        HelpPrevParty => ("前の関係者へ（ステップ1では前の欄へ）", "previous party (in step 1: previous list)"),
        HelpParticipants => ("参加する関係者を選ぶ", "choose the parties taking part"),
        HelpEvalEdit => ("相利の実現を切り替える／コメントを書く", "change “achieved” / write a comment"),
        HelpAchieved => ("相利の実現を切り替える", "change “achieved”"),
        HelpIdeaKind => ("種類を切り替える", "change the kind"),
        HelpVote => ("この活動に投票する", "vote for this activity"),
        HelpUnvote => ("票を1つ減らす", "take a vote away"),
        HelpCoop => ("協力の型を切り替える", "change the cooperation type"),
        HelpStatus => ("状態を切り替える", "change the status"),
        HelpLead => ("主導する関係者を切り替える", "change the lead party"),
        HelpDescription => ("活動の説明を書く", "write the activity's description"),
        HelpNextPane => ("次の欄へ", "next pane"),
        HelpPrevPane => ("前の欄へ", "previous pane"),
        HelpNextStep => ("次のステップへ", "next step"),
        HelpPrevStep => ("前のステップへ", "previous step"),
        HelpGoStep => ("そのステップへ", "go to that step"),
        HelpTimer => ("ステップのタイマーを開始／停止", "start / pause the step timer"),
        HelpStepNotes => ("ステップのメモを書く", "write the step's notes"),
        HelpDecisions => ("決定事項", "decisions"),
        HelpActionItems => ("アクション（誰が・何を・いつまでに）", "action items (what, who, due)"),
        HelpParkingLot => ("保留事項", "parking lot"),
        HelpMessages => ("メッセージ", "messages"),
        HelpQuit => ("終了（すべて保存済み）", "quit (everything is saved)"),
        HelpQuitAlways => ("終了（入力中の文字も保存）", "quit (text being typed is saved too)"),
        HelpUndo => ("元に戻す", "undo"),
        HelpRedo => ("やり直す", "redo"),
        HelpOpen => ("開く", "open"),
        HelpNewSession => ("新しいセッション", "new session"),
        HelpQuitPicker => ("終了", "quit"),
        HelpMinutes => ("議事録を書き出す（セッションの隣に .md と .html）",
                        "write the minutes (.md and .html next to the session file)"),
        HelpPlay => ("再生／一時停止（実際の間合いを速度倍で）", "play / pause (the meeting's own pace, sped up)"),
        HelpEventForward => ("1件進む", "one event forward"),
        HelpEventBack => ("1件戻る", "one event back"),
        HelpBoundaryForward => ("次のステップの区切りへ", "to the next step change"),
        HelpBoundaryBack => ("前のステップの区切りへ", "to the previous step change"),
        HelpFirstEvent => ("記録の最初へ", "to the start"),
        HelpLastEvent => ("記録の最後へ", "to the end"),
        HelpFaster => ("速く（1×・10×・60×・600×）", "faster (1×, 10×, 60×, 600×)"),
        HelpSlower => ("遅く", "slower"),
        HelpSearch => ("出来事を言葉で検索して移動", "search the events' words and jump"),
        HelpSearchNext => ("次の一致へ", "next match"),
        HelpSearchPrevious => ("前の一致へ", "previous match"),
        HelpFollowStep => ("会議のステップを表示（1〜5 で選んだ後に）",
                           "show the meeting's own step (after 1–5 picked one)"),
        HelpQuitReplay => ("終了（何も書き込みません）", "quit (nothing is written)"),

        HintSave => ("保存", "save"),
        HintCancel => ("取消", "cancel"),
        HintNewline => ("改行", "new line"),
        HintToggle => ("選ぶ", "tick"),
        HintAddLinked => ("新規", "new"),
        HintSwotNext => ("次の欄", "next"),
        HintDone => ("完了", "done"),
        HintAdd => ("追加", "add"),
        HintEdit => ("編集", "edit"),
        HintDelete => ("削除", "delete"),
        HintParticipants => ("参加者", "parties"),
        HintEvalEdit => ("評価", "evaluate"),
        HintVote => ("投票", "vote"),
        HintNextStep => ("次のステップ", "next step"),
        HintTimer => ("タイマー", "timer"),
        HintQuit => ("終了", "quit"),
        HintNew => ("新規", "new"),
        HintPlay => ("再生／停止", "play/pause"),
        HintForward => ("1件進む", "forward"),
        HintSearch => ("検索", "search"),

        // The replay.
        Replaying => ("再生・読み取り専用", "replay, read-only"),
        ReplayReadOnly => ("再生は読み取り専用です：変更できません", "Replay is read-only: nothing can be changed"),
        ReplayNoMinutes => ("再生では書き出しません（議事録は sori export で）",
                            "Replay writes nothing (sori export writes the minutes)"),
        PlayingMark => ("▶ 再生中", "▶ playing"),
        PausedMark => ("‖ 停止中", "‖ paused"),
        Speed => ("{n}×", "{n}×"),
        SpeedMessage => ("再生速度 {n}×", "Playback speed {n}×"),
        ShowingStep => ("ステップ{n}を表示（0: 会議の{m}へ）", "step {n} shown (0: the meeting's {m})"),
        SearchLabel => ("検索：", "Search: "),
        SearchHint => ("Enter 検索 · Esc 取消", "Enter search · Esc cancel"),
        SearchFound => ("「{query}」：{n}件目", "“{query}”: event {n}"),
        SearchNotFound => ("「{query}」は見つかりません", "“{query}” was not found"),
        NoSearch => ("まだ検索していません（/ で検索）", "Nothing searched yet (/ searches)"),
        EndOfRecord => ("記録の最後です", "End of the record"),
        NoLaterStep => ("この先にステップの区切りはありません", "No step change after this"),
        NoEarlierStep => ("この前にステップの区切りはありません", "No step change before this"),
        EmptyHistory => ("このセッションには履歴がありません", "This session has no history"),
        HistoryBroken => ("履歴の{n}件目が適用できません（{error}）。手で編集されたファイルかもしれません。その手前までを再生します。",
                          "History record {n} does not apply ({error}); was the file edited by hand? Replay stops just before it."),

        // The minutes, from the workshop's `x`.
        MinutesFolder => ("（保存先：{folder}）", " (in {folder})"),
        MinutesFailed => ("議事録を書き出せませんでした：{error}", "Could not write the minutes: {error}"),
    }
}

impl Ui {
    /// The short form for the status line's hints (the help's words otherwise).
    pub fn short(self, lang: Lang) -> &'static str {
        let short = match self {
            Ui::HelpEdSave => Ui::HintSave,
            Ui::HelpEdCancel => Ui::HintCancel,
            Ui::HelpEdNewline => Ui::HintNewline,
            Ui::HelpToggle => Ui::HintToggle,
            Ui::HelpAddLinked => Ui::HintAddLinked,
            Ui::HelpSwotNext => Ui::HintSwotNext,
            Ui::HelpDone => Ui::HintDone,
            Ui::HelpAdd => Ui::HintAdd,
            Ui::HelpEdit => Ui::HintEdit,
            Ui::HelpDelete => Ui::HintDelete,
            Ui::HelpParticipants => Ui::HintParticipants,
            Ui::HelpEvalEdit => Ui::HintEvalEdit,
            Ui::HelpVote => Ui::HintVote,
            Ui::HelpNextStep => Ui::HintNextStep,
            Ui::HelpTimer => Ui::HintTimer,
            Ui::HelpQuit | Ui::HelpQuitPicker | Ui::HelpQuitReplay => Ui::HintQuit,
            Ui::HelpPlay => Ui::HintPlay,
            Ui::HelpEventForward => Ui::HintForward,
            Ui::HelpBoundaryForward => Ui::HintNextStep,
            Ui::HelpSearch => Ui::HintSearch,
            Ui::HelpNewSession => Ui::HintNew,
            Ui::HelpSwot => Ui::CtxSwot,
            other => other,
        };
        short.text(lang)
    }
}

/// The cooperation type in a word or two.
pub fn coop_short(coop: u8) -> Ui {
    match coop {
        1 => Ui::CoopShort1,
        2 => Ui::CoopShort2,
        _ => Ui::CoopShort3,
    }
}

/// The step-4 mark for an evaluation, as Japanese forms write it: ○ yes, △ partly, × no.
pub fn achieved_mark(achieved: Achieved) -> &'static str {
    match achieved {
        Achieved::Yes => "○",
        Achieved::Partly => "△",
        Achieved::No => "×",
        Achieved::NotYet => "-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_string_has_both_languages() {
        for u in Ui::ALL {
            assert!(!u.text(Lang::Ja).is_empty(), "{u:?} ja");
            assert!(!u.text(Lang::En).is_empty(), "{u:?} en");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for u in Ui::ALL {
            let names = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(u.text(Lang::Ja)), names(u.text(Lang::En)), "{u:?}");
        }
    }
}
