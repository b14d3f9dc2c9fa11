//! What a participant reads on a phone in the room (`room_server`): the party's page, its
//! forms and what they answer. The method's words (目的, 課題, 役割...) are `terms`'.

use super::catalog;

catalog! {
    Phone {
        PageTitle => ("{party}｜sori", "{party} | sori"),
        Meeting => ("会議：{title}", "Meeting: {title}"),
        YourParty => ("あなたの関係者", "Your party"),
        Intro => ("思いついたことを1枚ずつ送ってください。ファシリテーターが確認してから画面に載ります。",
            "Send one note at a time. The facilitator checks each before it goes on the screen."),
        AddHeading => ("目的・課題・強みを送る", "Send a purpose, a challenge or a strength"),
        What => ("種類", "Kind"),
        Text => ("内容", "Text"),
        Name => ("お名前（任意）", "Your name (optional)"),
        Send => ("送る", "Send"),
        Sent => ("送りました。ファシリテーターの確認を待っています。", "Sent. It waits for the facilitator."),
        Voted => ("投票しました。ファシリテーターの確認を待っています。", "Voted. It waits for the facilitator."),
        OnScreen => ("いま画面の活動：{activity}", "The activity on screen: {activity}"),
        YourRow => ("この活動でのあなたの関係者の行", "Your party's row in this activity"),
        NoRowYet => ("まだこの活動の表に入っていません。提案が受け付けられると入ります。",
            "Not in this activity's table yet: it joins when a suggestion is accepted."),
        SuggestHeading => ("役割か相利を提案する", "Suggest a role or a benefit"),
        VotesHeading => ("投票（ドット）", "Dot votes"),
        DotsLeft => ("あと{n}票（全{all}票）", "{n} of {all} dots left"),
        NoDotsLeft => ("票はすべて使いました（全{all}票）", "All {all} dots are used"),
        VoteFor => ("投票する", "Vote"),
        VotesNow => ("いま{n}票", "{n} votes now"),
        SaidHeading => ("あなたの関係者がこれまでに出したこと", "What your party has said so far"),
        Nothing => ("まだありません", "Nothing yet"),
        Pending => ("確認待ち", "waiting"),
        PendingMark => ("（確認待ち）", "(waiting)"),
        Declined => ("見送り", "not taken"),
        VotePending => ("投票：{activity}", "Vote: {activity}"),
        RolePending => ("役割の提案（{activity}）：{text}", "Role for {activity}: {text}"),
        BenefitPending => ("相利の提案（{activity}）：{text}", "Benefit for {activity}: {text}"),
        Refresh => ("最新にする", "Refresh"),
        OtherLang => ("English", "日本語"),
        ErrEmpty => ("内容が空です。", "The text is empty."),
        ErrLong => ("長すぎます（{max}文字まで、いま{n}文字）。", "Too long ({n} characters; at most {max})."),
        ErrNameLong => ("お名前が長すぎます（{max}文字まで）。", "The name is too long (at most {max} characters)."),
        ErrFull => ("確認待ちがいっぱいです。少し待ってから送ってください。",
            "Too many notes are waiting. Send again in a little while."),
        ErrNoDots => ("票はもう残っていません。", "No dots are left."),
        ErrGone => ("その活動はもうありません。", "That activity is gone."),
        ErrBad => ("送られた内容を読めませんでした。", "What was sent could not be read."),
    }
}
