//! The words that say what a change in the history did: "町内会: 目的を追加「…」". Used by the
//! replay's timeline and its search (`crate::describe`); anything else that tells the history
//! in words can use them too.

use super::catalog;

catalog! {
    Change {
        // How a description is put together.
        Subject => ("{subject}: {what}", "{subject}: {what}"),
        Named => ("{thing}「{name}」", "{thing} “{name}”"),
        InActivity => ("{what}（「{activity}」）", "{what} (in “{activity}”)"),
        Undo => ("【元に戻す】{change}", "[Undo] {change}"),
        FromPhone => ("{change}（スマホから：{who}）", "{change} (from a phone: {who})"),
        FromParty => ("{party}", "{party}"),
        FromPerson => ("{party}・{name}", "{party}, {name}"),
        Redo => ("【やり直し】{change}", "[Redo] {change}"),
        Start => ("記録の始まり（まだ何もありません）", "Start of the record (nothing yet)"),
        NoChange => ("変更なし", "no change"),

        // What was done.
        Added => ("{thing}を追加「{text}」", "{thing} added “{text}”"),
        Removed => ("{thing}を削除「{text}」", "{thing} removed “{text}”"),
        Moved => ("{thing}「{text}」を{n}番目へ移動", "{thing} “{text}” moved to position {n}"),
        Changed => ("{field}を変更「{text}」", "{field} changed to “{text}”"),
        Cleared => ("{field}を消去", "{field} cleared"),
        StartSet => ("開始日時を{when}に設定", "start set to {when}"),
        StartCleared => ("開始日時を消去", "start cleared"),
        EndSet => ("閉会を{when}に記録", "meeting closed at {when}"),
        EndCleared => ("閉会の記録を取り消し", "meeting reopened"),
        NextStartSet => ("次回の日時を{when}に設定", "next meeting set to {when}"),
        NextStartCleared => ("次回の日時を消去", "next meeting's date cleared"),
        DisclosureSet => ("公開・非公開を「{value}」に", "public or closed set to “{value}”"),
        DisclosureCleared => ("公開・非公開を未設定に", "public or closed no longer set"),
        PreviousSet => ("前回「{title}」から引き継ぎ", "carried over from “{title}”"),
        PreviousCleared => ("前回からの引き継ぎを解除", "no previous meeting any more"),
        LangSet => ("言語を{lang}に設定", "language set to {lang}"),
        HostSet => ("主催になる", "made the host"),
        HostCleared => ("主催の関係者を解除", "no host party any more"),
        StepSet => ("ステップ{n}へ：{name}", "on to step {n}: {name}"),
        TimeboxSet => ("ステップ{n}の予定時間を{minutes}分に", "step {n} timebox set to {minutes} min"),
        Reached => ("ステップ{n}まで進む", "the meeting reaches step {n}"),
        BellOn => ("時間切れにベルを鳴らす", "the bell rings when a timebox runs out"),
        BellOff => ("時間切れにベルを鳴らさない", "no bell when a timebox runs out"),
        TimerStarted => ("ステップ{n}のタイマー開始", "step {n} timer started"),
        TimerStopped => ("ステップ{n}のタイマー停止（{spent}）", "step {n} timer paused at {spent}"),
        Joined => ("「{activity}」に参加", "joins “{activity}”"),
        Left => ("「{activity}」から外れる", "leaves “{activity}”"),
        Linked => ("「{item}」を「{activity}」に結ぶ", "links “{item}” to “{activity}”"),
        Unlinked => ("「{item}」と「{activity}」の結びを外す", "unlinks “{item}” from “{activity}”"),
        VotesSet => ("{n}票", "{n} votes"),
        Done => ("完了", "done"),
        Reopened => ("未完了に戻す", "not done any more"),
        TiedTo => ("活動を「{activity}」に", "tied to “{activity}”"),
        Untied => ("活動との結びを外す", "no longer tied to an activity"),

        // Things and fields, as the descriptions name them.
        Item => ("項目", "item"),
        Purpose => ("目的", "purpose"),
        Challenge => ("課題", "challenge"),
        Strength => ("強み", "strength"),
        Representative => ("参加者", "representative"),
        Weakness => ("弱み", "weakness"),
        Opportunity => ("機会", "opportunity"),
        Threat => ("脅威", "threat"),
        Improvement => ("改善点", "improvement"),
        Decision => ("決定事項", "decision"),
        ParkingItem => ("保留事項", "parking-lot item"),
        Party => ("関係者", "party"),
        Activity => ("活動", "activity"),
        Action => ("アクション", "action item"),
        Idea => ("拡大のアイデア", "expansion idea"),
        Title => ("タイトル", "title"),
        Venue => ("会場", "venue"),
        Facilitator => ("ファシリテーター", "facilitator"),
        Recorder => ("記録者", "minute-taker"),
        NextVenue => ("次回の場所", "next meeting's venue"),
        NextNote => ("次回について", "next meeting's note"),
        NextMeeting => ("次回の予定", "next meeting"),
        AgendaItem => ("議題", "agenda item"),
        Absentee => ("欠席者", "absentee"),
        Handout => ("配布資料", "handout"),
        Signer => ("議事録署名人", "signatory"),
        StepNotes => ("ステップ{n}のメモ", "step {n} notes"),
        Name => ("名前", "name"),
        Kind => ("種別", "kind"),
        ActivityTitle => ("活動名", "title"),
        Description => ("説明", "description"),
        Role => ("役割", "role"),
        Benefit => ("相利", "benefit"),
        Comment => ("評価のコメント", "evaluation comment"),
        Achieved => ("相利の実現", "benefit achieved"),
        BenefitKinds => ("相利の種類", "kinds of benefit"),
        KindSep => ("・", ", "),
        What => ("内容", "what"),
        Who => ("担当", "who"),
        Due => ("期限", "due date"),
        IdeaName => ("内容", "idea"),
        Why => ("理由", "why"),
        Coop => ("協力の型", "cooperation type"),
        Status => ("状態", "status"),
        Lead => ("主導", "lead"),
        IdeaKind => ("種類", "kind"),
        Japanese => ("日本語", "Japanese"),
        English => ("英語", "English"),
        Notes => ("メモ", "notes"),
        StartWord => ("開始日時", "start"),
        EndWord => ("閉会の記録", "meeting's close"),
        NextStartWord => ("次回の日時", "next meeting's date"),
        DisclosureWord => ("公開・非公開", "public or closed"),
        PreviousWord => ("前回からの引き継ぎ", "carry-over from the previous meeting"),
        LangWord => ("言語", "language"),
        HostWord => ("主催", "host"),
        TimeboxWord => ("時間配分", "timebox"),
        BellWord => ("時間切れのベル", "timebox bell"),
        VotesWord => ("投票", "votes"),
        DoneWord => ("完了", "done"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_change_word_has_both_languages_and_the_same_placeholders() {
        for c in Change::ALL {
            assert!(!c.text(Lang::Ja).is_empty(), "{c:?} ja");
            assert!(!c.text(Lang::En).is_empty(), "{c:?} en");
            assert_eq!(
                placeholders(c.text(Lang::Ja)),
                placeholders(c.text(Lang::En)),
                "{c:?}"
            );
        }
    }
}
