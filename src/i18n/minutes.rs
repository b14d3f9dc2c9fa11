//! The minutes' own strings: section headings, labels and formats that only the exported
//! minutes (Markdown, HTML, Word, CSV, Excel) use. The method's words (steps, the 相利評価表's columns,
//! statuses...) are in `terms`, shared with the screen.

use super::catalog;

catalog! {
    Label {
        DocTitle => ("{title} 議事録", "Minutes: {title}"),
        DocTitleUntitled => ("議事録", "Minutes"),
        DateTime => ("日時", "Date and time"),
        Venue => ("場所", "Venue"),
        Facilitator => ("ファシリテーター", "Facilitator"),
        Attendees => ("出席者", "Attendees"),
        HostMark => ("{name}（主催）", "{name} (host)"),
        Person => ("氏名", "Name"),
        Attendance => ("出欠", "Attendance"),
        Present => ("出席", "present"),
        Absent => ("欠席", "absent"),
        Summary => ("要旨", "Summary"),
        PreviousMeeting => ("前回", "Previous meeting"),
        PreviousMeetingValue => ("{title}（{date}）", "{title} ({date})"),
        CarriedMark => ("{text}（前回から）", "{text} (from last time)"),
        AddedMark => ("{text}（今回追加）", "{text} (new this time)"),
        Signatures => ("議事録署名", "Signatures"),
        Certify => ("この議事録が正確であることを証します。", "We certify that these minutes are accurate."),
        SignDate => ("日付", "Date"),
        SignDateBlank => ("＿＿＿＿年＿＿月＿＿日", "____________________"),
        SignLine => ("{name}　　＿＿＿＿＿＿＿＿＿＿（署名）", "{name}    ______________________ (signature)"),

        TimePerStep => ("各ステップの時間", "Time per step"),
        FromPhones => ("スマホからの提案（採用分）", "Proposed from phones (accepted)"),
        ProposedBy => ("提案者", "Proposed by"),
        Proposal => ("内容", "What"),
        Step => ("ステップ", "Step"),
        Timebox => ("予定", "Timebox"),
        Spent => ("実績", "Spent"),
        Difference => ("差", "Difference"),
        Total => ("合計", "Total"),
        Minutes => ("{n}分", "{n} min"),
        StepHeading => ("ステップ{n}：{name}", "Step {n}: {name}"),
        StepNotes => ("メモ", "Notes"),

        // A step timer never stopped: what it measured before is all the minutes know.
        TimerRunning => ("計測中", "running"),
        SpentRunning => ("{spent}（計測中）", "{spent} (running)"),
        Unset => ("—", "—"),
        CoopValue => ("型{n}（{name}）", "Type {n} ({name})"),
        KindLine => ("{kind}：{who}", "{kind}: {who}"),
        KindParty => ("{party}（{benefit}）", "{party} ({benefit})"),
        KindJoin => ("、", "; "),
        Checks => ("⚠ 相利のチェック", "⚠ Mutual-benefit checks"),
        ChecksColumn => ("⚠ チェック", "⚠ Checks"),
        ChecksOverall => ("活動全体のチェック", "Checks across all activities"),
        IdeaKind => ("種類", "Kind"),
        IdeaName => ("内容", "Idea"),
        // What the workshop says after `x` wrote the minutes (`store::minutes_files`).
        MinutesWritten => ("議事録を書き出しました：{markdown}、{html}、{docx}",
                           "Minutes written: {markdown}, {html}, {docx}"),
        DoneYes => ("済", "done"),
        DoneNo => ("未", "open"),

        // Formats. `{wd}` is a weekday name below, `{mon}` a month name below.
        Date => ("{y}年{m}月{d}日({wd})", "{wd} {d} {mon} {y}"),
        DateTimeRange => ("{date} {start}–{end}", "{date}, {start}–{end}"),
        DateTimeSpan => ("{date} {start} – {end_date} {end}", "{date}, {start} – {end_date}, {end}"),
        DateTimeFrom => ("{date} {start}〜", "{date}, from {start}"),
        FieldSeparator => ("：", ": "),
        CellBullet => ("・", "• "),
        ListSeparator => ("、", ", "),

        Mon => ("月", "Mon"),
        Tue => ("火", "Tue"),
        Wed => ("水", "Wed"),
        Thu => ("木", "Thu"),
        Fri => ("金", "Fri"),
        Sat => ("土", "Sat"),
        Sun => ("日", "Sun"),
        Jan => ("1月", "Jan"),
        Feb => ("2月", "Feb"),
        Mar => ("3月", "Mar"),
        Apr => ("4月", "Apr"),
        May => ("5月", "May"),
        Jun => ("6月", "Jun"),
        Jul => ("7月", "Jul"),
        Aug => ("8月", "Aug"),
        Sep => ("9月", "Sep"),
        Oct => ("10月", "Oct"),
        Nov => ("11月", "Nov"),
        Dec => ("12月", "Dec"),
    }
}

impl Label {
    /// Monday is 1, Sunday 7 (ISO).
    pub fn weekday(iso: i8) -> Label {
        const DAYS: [Label; 7] = [
            Label::Mon,
            Label::Tue,
            Label::Wed,
            Label::Thu,
            Label::Fri,
            Label::Sat,
            Label::Sun,
        ];
        DAYS[(iso.clamp(1, 7) - 1) as usize]
    }

    /// January is 1.
    pub fn month(month: i8) -> Label {
        const MONTHS: [Label; 12] = [
            Label::Jan,
            Label::Feb,
            Label::Mar,
            Label::Apr,
            Label::May,
            Label::Jun,
            Label::Jul,
            Label::Aug,
            Label::Sep,
            Label::Oct,
            Label::Nov,
            Label::Dec,
        ];
        MONTHS[(month.clamp(1, 12) - 1) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_label_has_both_languages() {
        for l in Label::ALL {
            assert!(!l.text(Lang::Ja).is_empty(), "{l:?} ja");
            assert!(!l.text(Lang::En).is_empty(), "{l:?} en");
        }
    }

    #[test]
    fn weekdays_and_months_by_number() {
        assert_eq!(Label::weekday(5).text(Lang::Ja), "金");
        assert_eq!(Label::weekday(7).text(Lang::En), "Sun");
        assert_eq!(Label::month(11).text(Lang::En), "Nov");
        assert_eq!(Label::month(1).text(Lang::Ja), "1月");
    }
}
