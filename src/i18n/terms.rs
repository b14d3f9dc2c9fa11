//! The method's own words: steps, the 相利評価表's columns, party kinds, statuses. Shared by
//! the workshop screen, replay and the minutes, so the room and the minutes say the same.

use super::{Lang, catalog};
use crate::core::session::{
    Achieved, BenefitKind, Coop, Disclosure, IdeaKind, MeetingList, PartyList, Status,
};

catalog! {
    Term {
        Step1 => ("自分のしたいことの明確化", "Clarify what we want"),
        Step2 => ("相手のしたいことの明確化", "Clarify what each partner wants"),
        Step3 => ("企画・実施", "Plan and carry out"),
        Step4 => ("評価・改善", "Evaluate and improve"),
        Step5 => ("拡大", "Expand"),
        Step1Short => ("自分", "Us"),
        Step2Short => ("相手", "Partners"),
        Step3Short => ("企画", "Plan"),
        Step4Short => ("評価", "Evaluate"),
        Step5Short => ("拡大", "Expand"),
        Prompt1 => ("私たちは何を実現したいのか？ 誰が、どのように困っているのか？ 具体的に。",
                    "What do we want to achieve? Who exactly is troubled, and how? Be concrete."),
        Prompt2 => ("相手は何をしたいのか？ 相手の目的・課題・強みは？ 相手本位で聞く。",
                    "What does each partner want? Their purposes, challenges, strengths? Listen partner-first."),
        Prompt3 => ("同じ活動で、それぞれが自分の目的を果たせるか？ 各者の役割と相利は？",
                    "Can one shared activity serve each party's own purpose? What is each one's role and benefit?"),
        Prompt4 => ("それぞれの相利は実現したか？ 何を改善するか？",
                    "Did each party get its benefit? What should we improve?"),
        Prompt5 => ("誰を新たに招くか？ 何を広げるか？ 次の一歩は？",
                    "Whom should we invite next? What should we scale? What is the next step?"),

        // The 相利評価表 (mutual-benefit evaluation table).
        EvaluationTable => ("相利評価表", "Mutual-benefit evaluation table"),
        ColStakeholder => ("関係者", "Stakeholder"),
        ColChallenge => ("課題", "Challenge"),
        ColPurpose => ("目的", "Purpose"),
        ColActivity => ("活動", "Activity"),
        ColRole => ("役割", "Role"),
        ColBenefit => ("相利", "Benefit"),

        Representatives => ("参加者", "Representatives"),
        Purposes => ("目的", "Purposes"),
        Challenges => ("課題", "Challenges"),
        Strengths => ("強み・資源", "Strengths"),
        Weaknesses => ("弱み", "Weaknesses"),
        Opportunities => ("機会", "Opportunities"),
        Threats => ("脅威", "Threats"),
        Swot => ("SWOT", "SWOT"),

        Party => ("関係者", "Party"),
        Parties => ("関係者", "Parties"),
        Host => ("主催", "Host"),
        Kind => ("種別", "Kind"),
        KindNpo => ("NPO", "NPO"),
        KindGovernment => ("行政", "Government"),
        KindBusiness => ("企業", "Business"),
        KindResidents => ("町内会・自治会", "Residents' association"),
        KindSchool => ("学校", "School"),
        KindWelfare => ("福祉", "Welfare"),
        KindOther => ("その他", "Other"),

        Activity => ("活動", "Activity"),
        Activities => ("共同の活動", "Shared activities"),
        Description => ("説明", "Description"),
        Lead => ("主導", "Lead"),
        Status => ("状態", "Status"),
        Votes => ("投票", "Votes"),
        Coop => ("協力の型", "Cooperation type"),
        Coop1 => ("同じ目的・同じような活動", "Same purpose, similar activity"),
        Coop2 => ("主役に協力", "One leads, others support"),
        Coop3 => ("相利：目的は違うが同じ活動", "Mutual benefit: different purposes, one activity"),
        StatusIdea => ("アイデア", "Idea"),
        StatusPlanned => ("計画中", "Planned"),
        StatusRunning => ("実施中", "Running"),
        StatusDone => ("完了", "Done"),

        BenefitKinds => ("相利の種類", "Kinds of benefit"),
        BenefitMoney => ("お金", "Money"),
        BenefitGoods => ("モノ・サービス", "Goods and services"),
        BenefitPsychological => ("心理的", "Psychological"),
        BenefitSituation => ("状況の変化", "Change of situation"),
        BenefitMoneyNote => ("収入、費用の節約、助成", "income, costs saved, grants"),
        BenefitGoodsNote => ("物品、場所、人手、サービス", "things, a place, hands, a service"),
        BenefitPsychologicalNote => ("やりがい、スキル、つながり、評価", "purpose, skills, connections, recognition"),
        BenefitSituationNote => ("困りごとが解消する、状況が良くなる", "a problem goes away, things get better"),

        Evaluation => ("評価", "Evaluation"),
        Achieved => ("相利の実現", "Benefit achieved"),
        AchievedNotYet => ("未評価", "Not yet"),
        AchievedYes => ("実現", "Yes"),
        AchievedPartly => ("一部実現", "Partly"),
        AchievedNo => ("未実現", "No"),
        Comment => ("コメント", "Comment"),
        Improvements => ("改善点", "Improvements"),

        Expansion => ("拡大のアイデア", "Expansion ideas"),
        IdeaInvite => ("招く", "Invite"),
        IdeaScale => ("広げる", "Scale"),
        IdeaNext => ("次の一歩", "Next step"),
        Why => ("理由", "Why"),

        Decisions => ("決定事項", "Decisions"),
        ActionItems => ("アクション", "Action items"),
        ActionWhat => ("内容", "What"),
        ActionWho => ("担当", "Who"),
        ActionDue => ("期限", "Due"),
        ActionDone => ("完了", "Done"),
        ParkingLot => ("保留事項", "Parking lot"),
        NextMeeting => ("次回", "Next meeting"),
        Recorder => ("記録者", "Minutes taken by"),
        Disclosure => ("公開・非公開", "Public or closed"),
        DisclosurePublic => ("公開", "Public"),
        DisclosureClosed => ("非公開", "Closed"),
        Agenda => ("議題", "Agenda"),
        Absentees => ("欠席者", "Absent"),
        Handouts => ("配布資料", "Handouts"),
        Signers => ("議事録署名人", "Signatories"),
        Signer => ("議事録署名人", "Signatory"),
        NextStart => ("次回の日時", "Next meeting: date"),
        NextVenue => ("次回の場所", "Next meeting: venue"),
        NextNote => ("次回について", "Next meeting: note"),
        MeetingEnd => ("閉会", "Closed at"),
        Previous => ("前回の決定事項・未完了のアクション", "From the previous meeting: decisions and open action items"),
        PreviousDecisions => ("前回の決定事項", "Decisions of the previous meeting"),
        PreviousOpenActions => ("前回からの未完了のアクション", "Action items still open from the previous meeting"),
        Carried => ("前回から", "from last time"),

        WarnOneSided => ("一方的な協力：{party} に役割はあるが相利がない",
                         "One-sided: {party} has a role but no benefit"),
        WarnUnserved => ("どの活動も応えていない目的：{party}「{purpose}」",
                         "No activity serves {party}'s purpose “{purpose}”"),
        WarnFewParties => ("参加する関係者が2者未満", "Fewer than two parties take part"),
    }
}

impl Term {
    pub fn step(step: u8) -> Term {
        match step {
            1 => Term::Step1,
            2 => Term::Step2,
            3 => Term::Step3,
            4 => Term::Step4,
            _ => Term::Step5,
        }
    }

    pub fn step_short(step: u8) -> Term {
        match step {
            1 => Term::Step1Short,
            2 => Term::Step2Short,
            3 => Term::Step3Short,
            4 => Term::Step4Short,
            _ => Term::Step5Short,
        }
    }

    pub fn prompt(step: u8) -> Term {
        match step {
            1 => Term::Prompt1,
            2 => Term::Prompt2,
            3 => Term::Prompt3,
            4 => Term::Prompt4,
            _ => Term::Prompt5,
        }
    }

    pub fn list(list: PartyList) -> Term {
        match list {
            PartyList::Representatives => Term::Representatives,
            PartyList::Purposes => Term::Purposes,
            PartyList::Challenges => Term::Challenges,
            PartyList::Strengths => Term::Strengths,
            PartyList::Weaknesses => Term::Weaknesses,
            PartyList::Opportunities => Term::Opportunities,
            PartyList::Threats => Term::Threats,
        }
    }

    pub fn status(status: Status) -> Term {
        match status {
            Status::Idea => Term::StatusIdea,
            Status::Planned => Term::StatusPlanned,
            Status::Running => Term::StatusRunning,
            Status::Done => Term::StatusDone,
        }
    }

    pub fn achieved(achieved: Achieved) -> Term {
        match achieved {
            Achieved::NotYet => Term::AchievedNotYet,
            Achieved::Yes => Term::AchievedYes,
            Achieved::Partly => Term::AchievedPartly,
            Achieved::No => Term::AchievedNo,
        }
    }

    pub fn coop(coop: Coop) -> Term {
        match coop {
            Coop::SamePurpose => Term::Coop1,
            Coop::Supported => Term::Coop2,
            Coop::Mutual => Term::Coop3,
        }
    }

    pub fn disclosure(d: Disclosure) -> Term {
        match d {
            Disclosure::Public => Term::DisclosurePublic,
            Disclosure::Closed => Term::DisclosureClosed,
        }
    }

    /// What a meeting's own list is called.
    pub fn meeting_list(list: MeetingList) -> Term {
        match list {
            MeetingList::Agenda => Term::Agenda,
            MeetingList::Absentees => Term::Absentees,
            MeetingList::Handouts => Term::Handouts,
            MeetingList::Signers => Term::Signers,
        }
    }

    pub fn benefit_kind(kind: BenefitKind) -> Term {
        match kind {
            BenefitKind::Money => Term::BenefitMoney,
            BenefitKind::Goods => Term::BenefitGoods,
            BenefitKind::Psychological => Term::BenefitPsychological,
            BenefitKind::Situation => Term::BenefitSituation,
        }
    }

    /// What a kind of benefit covers, in a few words (the menu that tags one).
    pub fn benefit_kind_note(kind: BenefitKind) -> Term {
        match kind {
            BenefitKind::Money => Term::BenefitMoneyNote,
            BenefitKind::Goods => Term::BenefitGoodsNote,
            BenefitKind::Psychological => Term::BenefitPsychologicalNote,
            BenefitKind::Situation => Term::BenefitSituationNote,
        }
    }

    pub fn idea_kind(kind: IdeaKind) -> Term {
        match kind {
            IdeaKind::Invite => Term::IdeaInvite,
            IdeaKind::Scale => Term::IdeaScale,
            IdeaKind::Next => Term::IdeaNext,
        }
    }
}

/// A party's kind in words: the catalog's word for a known kind, else the text as written.
pub fn party_kind(kind: &str, lang: Lang) -> String {
    let term = match kind {
        "npo" => Term::KindNpo,
        "government" => Term::KindGovernment,
        "business" => Term::KindBusiness,
        "residents" => Term::KindResidents,
        "school" => Term::KindSchool,
        "welfare" => Term::KindWelfare,
        "other" => Term::KindOther,
        other => return other.to_string(),
    };
    term.text(lang).to_string()
}
