//! Park management with NPO フュージョン長池: the year-end review of the park's partners. The
//! first meeting (May 2025: steps 1–3) is scripted but not saved; as with `sori new --from`, its
//! parties and activities carry over into the follow-up of February 2026, which evaluates each
//! party's benefit (step 4), welcomes a new partner and plans the next year (step 5).

use sori::core::session::{
    Achieved, Coop, Id, IdeaKind, Lang, MeetingList, Session, Status, TextField,
};
use sori::core::start::{MeetingDetails, NewSession};

use super::{Generated, Script};
use sori::core::session::BenefitKind as K;

/// The ids the follow-up refers to, from the first meeting.
struct First {
    session: Session,
    npo: Id,
    city: Id,
    assoc: Id,
    school: Id,
    workshop: Id,
    gardener: Id,
    company: Id,
    upkeep: Id,
    learning: Id,
    training: Id,
    festival: Id,
    npo_volunteers: Id,
    npo_weekdays: Id,
    todo: [Id; 4],
}

fn first_meeting() -> First {
    let (mut sc, npo, partners) = Script::new_session(
        "2025-05-24T13:20:00+09:00",
        NewSession {
            title: "長池公園 パートナー会議（2025年度 第1回）".into(),
            details: MeetingDetails {
                venue: "長池公園自然館 会議室".into(),
                facilitator: "小野（市民活動支援センター）".into(),
                ..MeetingDetails::default()
            },
            start: None,
            lang: Lang::Ja,
            host: Some("NPOフュージョン長池".into()),
            parties: vec![
                "八王子市 公園課".into(),
                "近隣自治会連合会".into(),
                "市立中学校（2年 総合学習）".into(),
                "就労継続支援B型事業所 みどりの家".into(),
                "地元の造園会社".into(),
                "大手電機メーカー 多摩事業所".into(),
            ],
        },
    );
    let [city, assoc, school, workshop, gardener, company] =
        partners.try_into().expect("six partners");
    for (p, kind) in [
        (&npo, "npo"),
        (&city, "government"),
        (&assoc, "residents"),
        (&school, "school"),
        (&workshop, "welfare"),
        (&gardener, "business"),
        (&company, "business"),
    ] {
        sc.kind(p, kind);
    }
    sc.at("13:30");
    sc.timer_start();
    sc.reps(&npo, &["理事長 石川", "公園事務所長 岡田"]);
    let npo_garden = sc.purposes(&npo, &["公園を地域の「みんなの庭」として使いこなしたい"]);
    let npo_jobs = sc.purposes(&npo, &["指定管理の仕事で、地域に仕事と出番をつくる"]);
    let npo_nature = sc.purposes(&npo, &["ホタル・カワセミのいる里山を次の世代へ"]);
    let npo_ch = sc.challenges(
        &npo,
        &[
            "指定管理料が年々厳しく、草刈り・竹林の手入れに人手が足りない",
            "ボランティアの中心が70代、10年後が見えない",
            "平日の利用が少なく、自然館の講座の参加者が固定化",
        ],
    );
    sc.strengths(
        &npo,
        &[
            "指定管理者として長年の実績",
            "里山管理の技術と道具、自然館のスタッフ",
            "地域の協力団体30以上とのつながり",
        ],
    );

    sc.at("13:45");
    sc.step(2);
    sc.reps(&city, &["公園課 主査 松本"]);
    let city_budget = sc.purposes(&city, &["限られた予算で公園の質を保ちたい"]);
    let city_model = sc.purposes(&city, &["市民協働のモデルを他の公園にも広げたい"]);
    let city_ch = sc.challenges(
        &city,
        &[
            "担当1人で公園40か所以上",
            "老木・倒木の危険への苦情が増えている",
        ],
    );
    sc.strengths(
        &city,
        &[
            "指定管理の枠組みと予算",
            "広報紙・市のホームページ",
            "福祉・教育の部署へのつなぎ",
        ],
    );

    sc.reps(&assoc, &["会長 原田", "防犯部 西村"]);
    let assoc_safe = sc.purposes(&assoc, &["子どもも高齢者も安心して歩ける公園に"]);
    let assoc_faces = sc.purposes(&assoc, &["祭りで住民同士の顔がつながるように"]);
    let assoc_ch = sc.challenges(
        &assoc,
        &[
            "夜の公園が中高生のたまり場に、騒音の苦情",
            "夏祭りの担い手が高齢化、テント設営がきつい",
        ],
    );
    sc.strengths(
        &assoc,
        &[
            "回覧板で約3,000世帯",
            "防犯パトロール隊",
            "祭りの備品（テント・発電機）",
        ],
    );

    sc.reps(&school, &["2学年主任 中島"]);
    let school_real = sc.purposes(&school, &["総合学習で本物の地域課題に取り組ませたい"]);
    let school_jobs = sc.purposes(&school, &["職場体験の受け入れ先を地域に確保したい"]);
    let school_ch = sc.challenges(
        &school,
        &[
            "職場体験の受け入れ先が毎年足りない（2年生180人）",
            "教員に調整の時間がない",
        ],
    );
    sc.strengths(&school, &["1学年180人の若い力", "文化祭という発表の場"]);

    sc.reps(&workshop, &["サービス管理責任者 上田"]);
    let ws_wage = sc.purposes(&workshop, &["工賃を月2万円台に上げたい"]);
    let ws_practice = sc.purposes(&workshop, &["一般就労に向けた練習の場がほしい"]);
    let ws_ch = sc.challenges(
        &workshop,
        &[
            "室内の箱折りが中心、工賃は月1万5千円ほど",
            "利用者が地域の人と接する機会が少ない",
        ],
    );
    sc.strengths(
        &workshop,
        &[
            "毎日通う利用者12人とジョブコーチ",
            "落ち葉集め・清掃など根気のいる作業が得意",
        ],
    );

    sc.reps(&gardener, &["専務 青木"]);
    let gd_young = sc.purposes(&gardener, &["若い職人を育てたい"]);
    let gd_winter = sc.purposes(&gardener, &["冬の閑散期の仕事を確保したい"]);
    let gd_ch = sc.challenges(&gardener, &["職人の平均年齢60代、若手が来ない"]);
    sc.strengths(&gardener, &["高所の剪定・危険木の伐採", "重機と運搬車"]);

    sc.reps(&company, &["CSR推進室 長谷川", "人事部 研修担当 三浦"]);
    let co_training = sc.purposes(
        &company,
        &["新人研修で、チームづくりと地域を知る場がほしい"],
    );
    let co_csr = sc.purposes(&company, &["社員が関わるCSRを続けたい"]);
    let co_ch = sc.challenges(
        &company,
        &[
            "寄付だけのCSRでは社員が関わらず、続かない",
            "新人研修の中身がマンネリ",
        ],
    );
    sc.strengths(
        &company,
        &[
            "社員ボランティア 年のべ200人",
            "作業用品の寄付",
            "広報・ウェブの力",
        ],
    );

    sc.at("14:30");
    sc.step(3);
    let upkeep = sc.activity(
        "公園の草刈り・竹林の手入れ（指定管理業務）",
        "市の指定管理。草刈り・竹林の間伐・園路の落ち葉清掃を、事業所・造園会社と分担",
        Coop::Mutual,
        &npo,
    );
    sc.join(
        &upkeep,
        &npo,
        "作業計画と安全管理、道具の管理",
        "人手不足が補え、管理の質を保てる",
        &[&npo_jobs[0], &npo_ch[0]],
    );
    sc.kinds(&upkeep, &npo, &[K::Goods]);
    sc.join(
        &upkeep,
        &city,
        "指定管理料の支払い、危険木の情報共有",
        "限られた予算で管理の質が保てる",
        &[&city_budget[0], &city_ch[1]],
    );
    sc.kinds(&upkeep, &city, &[K::Money]);
    sc.join(
        &upkeep,
        &workshop,
        "園路の落ち葉集め・清掃を週3回受託",
        "工賃が上がる、地域の人と顔見知りになる",
        &[&ws_wage[0], &ws_practice[0], &ws_ch[0]],
    );
    sc.kinds(&upkeep, &workshop, &[K::Money, K::Psychological]);
    sc.join(
        &upkeep,
        &gardener,
        "高所剪定・危険木の伐採、若手に現場を任せる",
        "冬の仕事の確保、若手の現場経験",
        &[&gd_young[0], &gd_winter[0], &gd_ch[0]],
    );
    sc.kinds(&upkeep, &gardener, &[K::Money, K::Psychological]);
    sc.status(&upkeep, Status::Running);

    let learning = sc.activity(
        "中学生の里山学習・職場体験",
        "2年生の総合学習で年3回の里山作業、5日間の職場体験を自然館で",
        Coop::Mutual,
        &npo,
    );
    sc.join(
        &learning,
        &school,
        "授業時間の確保と引率",
        "本物の地域課題を学べる、受け入れ先の確保",
        &[&school_real[0], &school_jobs[0], &school_ch[0]],
    );
    sc.join(
        &learning,
        &npo,
        "プログラムの講師と安全管理",
        "次の世代の担い手・公園ファンが育つ",
        &[&npo_nature[0], &npo_ch[1]],
    );
    sc.join(
        &learning,
        &assoc,
        "地域の先輩として「昔の長池」を語る",
        "中学生と顔見知りになり、夜のたまり場でも声をかけやすくなる",
        &[&assoc_safe[0], &assoc_ch[0]],
    );
    sc.join(
        &learning,
        &workshop,
        "利用者が生徒と一緒に作業し、やり方を教える",
        "利用者が「教える側」になって自信がつく",
        &[&ws_ch[1]],
    );
    sc.status(&learning, Status::Running);

    let training = sc.activity(
        "企業の新人研修・社員ボランティア（竹林整備）",
        "新人研修で竹林整備（日帰り2回）。切った竹は秋まつりの竹灯籠に",
        Coop::Mutual,
        &npo,
    );
    sc.join(
        &training,
        &company,
        "研修費を払い、新人と社員を派遣",
        "研修の中身が充実、CSR報告に載せられる",
        &[&co_training[0], &co_csr[0], &co_ch[0], &co_ch[1]],
    );
    sc.join(
        &training,
        &npo,
        "研修プログラムの設計と指導",
        "研修費が収入になり、竹林の手入れが進む",
        &[&npo_ch[0]],
    );
    sc.join(
        &training,
        &gardener,
        "チェーンソー作業の安全指導",
        "企業とのつながり、地元での評判",
        &[&gd_young[0]],
    );
    sc.status(&training, Status::Planned);

    let festival = sc.activity(
        "長池公園 秋まつり（竹灯籠の夕べ）",
        "10月の土曜の夕方。研修で切った竹で灯籠、事業所のパン販売、中学生ボランティア",
        Coop::Mutual,
        &assoc,
    );
    sc.join(
        &festival,
        &assoc,
        "実行委員長、テント・発電機、防犯パトロール",
        "住民同士の顔がつながる、担い手に若い人が加わる",
        &[&assoc_faces[0], &assoc_ch[1]],
    );
    sc.join(
        &festival,
        &npo,
        "会場・電源の調整、竹灯籠づくりの指導",
        "公園を知ってもらい、平日の講座の参加者が増える",
        &[&npo_garden[0], &npo_ch[2]],
    );
    sc.join(
        &festival,
        &school,
        "生徒ボランティア（灯籠の点灯・誘導）",
        "生徒が地域から感謝される経験",
        &[&school_real[0]],
    );
    sc.join(
        &festival,
        &workshop,
        "パン・焼き菓子の販売",
        "売上と、地域の人に知ってもらう機会",
        &[&ws_wage[0], &ws_ch[1]],
    );
    sc.join(
        &festival,
        &company,
        "社員ボランティアとテントの協賛",
        "社員の家族も参加し、地域との関係ができる",
        &[&co_csr[0]],
    );
    sc.join(
        &festival,
        &city,
        "後援、広報紙に掲載",
        "市民協働のモデル事例として紹介できる",
        &[&city_model[0]],
    );
    sc.status(&festival, Status::Planned);

    sc.decision("秋まつりは10月18日（土）、竹は6月の新人研修で切り出す");
    let todo = [
        sc.action(
            "職場体験の日程と人数を決める",
            "中島（中学校）・岡田（NPO）",
            "2025-06-30",
            Some(&learning),
        ),
        sc.action(
            "落ち葉清掃の受託契約を結ぶ",
            "上田（事業所）・岡田（NPO）",
            "2025-06-15",
            Some(&upkeep),
        ),
        sc.action(
            "新人研修の見積りとプログラム案",
            "岡田（NPO）",
            "2025-05-31",
            Some(&training),
        ),
        sc.action(
            "「昔の長池」語り部の候補を出す",
            "原田（自治会）",
            "2025-07-31",
            Some(&learning),
        ),
    ];
    sc.at("15:25");
    sc.timer_stop();
    First {
        session: sc.into_session(),
        npo,
        city,
        assoc,
        school,
        workshop,
        gardener,
        company,
        upkeep,
        learning,
        training,
        festival,
        npo_volunteers: npo_ch[1].clone(),
        npo_weekdays: npo_ch[2].clone(),
        todo,
    }
}

pub fn generate() -> Generated {
    let f = first_meeting();
    let (npo, city, assoc, school, workshop, gardener, company) = (
        &f.npo,
        &f.city,
        &f.assoc,
        &f.school,
        &f.workshop,
        &f.gardener,
        &f.company,
    );
    let (upkeep, learning, training, festival) = (&f.upkeep, &f.learning, &f.training, &f.festival);
    let mut sc = Script::follow_up(
        "2026-02-21T13:38:00+09:00",
        &f.session,
        "長池公園 パートナー会議（2025年度ふりかえり）",
    );

    // Before the meeting: the plan for a review meeting, the official start.
    sc.talk(90);
    sc.text(TextField::Recorder, "岡田（NPO 公園事務所）");
    sc.meeting_list(
        MeetingList::Agenda,
        &[
            "この1年の報告（NPOから）",
            "新しい仲間：地域包括支援センター",
            "活動ごとの相利のふりかえり",
            "来年度に向けて",
        ],
    );
    sc.meeting_list(
        MeetingList::Handouts,
        &["資料1 2025年度 活動報告書", "資料2 前回の相利評価表"],
    );
    // Who came this time (those who came last time are not assumed to come again).
    sc.reps(npo, &["理事長 石川", "公園事務所長 岡田"]);
    sc.reps(city, &["公園課 主査 松本"]);
    sc.reps(assoc, &["会長 原田"]);
    sc.reps(school, &["2学年主任 中島"]);
    sc.reps(workshop, &["サービス管理責任者 上田"]);
    sc.reps(gardener, &["専務 青木"]);
    sc.reps(company, &["CSR推進室 長谷川"]);
    sc.meeting_list(
        MeetingList::Absentees,
        &["防犯部 西村（自治会）", "人事部 研修担当 三浦（企業）"],
    );
    sc.meeting_list(
        MeetingList::Signers,
        &["会長 原田（自治会）", "公園課 主査 松本（市）"],
    );
    sc.start_time("14:00");
    sc.timebox(1, 5);
    sc.timebox(2, 15);
    sc.timebox(3, 10);
    sc.timebox(4, 50);
    sc.timebox(5, 30);

    // ---- Step 1 (short): the NPO's report of the year ----
    sc.at("14:01");
    sc.step(1);
    sc.talk(180);
    sc.challenges(
        npo,
        &["指定管理の更新（2027年度）の審査で、地域連携の実績を示す必要"],
    );
    // A quick SWOT of the NPO itself, with the renewal in view.
    sc.swot(
        npo,
        &["事務局3人、更新の書類づくりで手一杯"],
        &["市の評価項目に「地域連携」が入る"],
        &["更新で大手の管理会社が応募してくる可能性"],
    );
    sc.notes(
        1,
        "この1年：竹林の3分の1を整備、秋まつり約800人、職場体験6人。\n来年度は指定管理の更新準備。",
    );

    // ---- Step 2 (short): the new partner, and what changed ----
    sc.at("14:08");
    sc.step(2);
    sc.talk(120);
    let center = sc.party("地域包括支援センター", "welfare");
    sc.reps(&center, &["社会福祉士 菅原"]);
    sc.talk(40);
    let center_men = sc.purposes(&center, &["退職後、家にこもりがちな男性の出番をつくりたい"]);
    let center_prevent = sc.purposes(&center, &["介護予防の場を地域に増やしたい"]);
    sc.talk(30);
    let center_ch = sc.challenges(&center, &["体操教室の参加者の9割が女性、男性が来ない"]);
    sc.strengths(
        &center,
        &[
            "担当地区の高齢者の暮らしを把握",
            "ケアマネジャー・民生委員とのつながり",
        ],
    );
    sc.talk(60);
    let city_renewal = sc.challenges(
        city,
        &["2027年度に指定管理の更新、評価に「地域連携」が入る"],
    );
    sc.notes(
        2,
        "包括支援センターが初参加。男性の居場所づくりが一緒にできそう。",
    );

    // ---- Step 4: did each party get its benefit? ----
    sc.at("14:16");
    sc.step(4);
    sc.talk(150);
    sc.evaluate(upkeep, npo, Achieved::Yes, "草刈りの遅れがなくなった");
    sc.evaluate(upkeep, city, Achieved::Yes, "草・枝の苦情が前年の半分");
    // A slip of the key: "yes" first, undone, then "partly" as the room said.
    sc.achieved(upkeep, workshop, Achieved::Yes);
    sc.undo();
    sc.evaluate(
        upkeep,
        workshop,
        Achieved::Partly,
        "工賃は月1万8千円に。目標の2万円まであと一歩",
    );
    sc.evaluate(upkeep, gardener, Achieved::Yes, "冬に伐採の仕事が3週間分");
    sc.improvement(upkeep, "事業所の清掃を週3回→週4回、冬は剪定枝の片付けも");
    let [schedule, contract, estimate, storyteller] = f.todo.clone();
    sc.done(&contract);

    sc.at("14:27");
    sc.evaluate(
        learning,
        school,
        Achieved::Yes,
        "職場体験6人を受け入れ、生徒の満足度が高い",
    );
    sc.evaluate(learning, npo, Achieved::Partly, "卒業後も来る生徒は2人だけ");
    sc.evaluate(
        learning,
        assoc,
        Achieved::NotYet,
        "顔合わせは1回だけ。夜の苦情は変わらず",
    );
    sc.evaluate(
        learning,
        workshop,
        Achieved::Yes,
        "利用者が生徒に落ち葉かきを教え、自信に",
    );
    sc.improvement(learning, "卒業後も関われる「ジュニアレンジャー」をつくる");
    sc.improvement(learning, "自治会の語り部を授業に組み込む（年1回→各回）");
    sc.done(&schedule);
    sc.talk(30);
    // The storyteller list is still open: carried to the next year, with a new date.
    sc.text(TextField::ActionDue(storyteller.clone()), "2026-04-30");

    sc.at("14:38");
    sc.evaluate(
        training,
        company,
        Achieved::Yes,
        "新人42人が参加、研修評価が過去最高",
    );
    sc.evaluate(training, npo, Achieved::Yes, "研修費で竹林の3分の1を整備");
    sc.evaluate(
        training,
        gardener,
        Achieved::Partly,
        "安全指導だけで、仕事の受注にはつながっていない",
    );
    sc.improvement(training, "造園会社の若手を研修の講師に（謝礼あり）");
    sc.status(training, Status::Running);
    sc.done(&estimate);

    sc.at("14:47");
    sc.status(festival, Status::Done);
    sc.evaluate(
        festival,
        assoc,
        Achieved::Yes,
        "来場約800人、実行委員に30代が3人",
    );
    sc.evaluate(
        festival,
        npo,
        Achieved::Partly,
        "まつりの後、講座の参加者は増えていない",
    );
    sc.evaluate(
        festival,
        school,
        Achieved::Yes,
        "生徒40人が参加、感謝の手紙が届いた",
    );
    sc.evaluate(
        festival,
        workshop,
        Achieved::Yes,
        "売上6万円、パンの注文も来た",
    );
    sc.evaluate(
        festival,
        company,
        Achieved::Partly,
        "社員の家族の参加は少なかった",
    );
    sc.evaluate(
        festival,
        city,
        Achieved::Yes,
        "広報紙に掲載、他地区から問い合わせ",
    );
    let signup = sc.improvement(festival, "講座の申込みをまつりの会場で受け付る");
    sc.text(
        TextField::Item(signup),
        "講座の申込みをまつりの会場で受け付ける",
    );
    sc.improvement(festival, "企業ブースに家族で遊べる竹細工体験");
    sc.talk(30);
    sc.notes(
        4,
        "4つとも続ける価値あり。自治会の相利（夜のたまり場）はまだ→語り部を授業に。\n講座の参加者が増えない→まつりで申込みを受ける。",
    );

    sc.at("14:58");
    sc.timer_stop();

    // ---- Step 5: expand ----
    sc.at("15:08");
    sc.step(5);
    sc.talk(120);
    let club = sc.activity(
        "平日シニア男性の里山クラブ",
        "月2回の平日午前、竹林・草地の手入れ。終わったら自然館でお茶",
        Coop::Mutual,
        npo,
    );
    sc.join(
        &club,
        &center,
        "窓口・ケアマネから男性に声かけ、チラシ配布",
        "男性が来る介護予防の場ができる",
        &[&center_men[0], &center_prevent[0], &center_ch[0]],
    );
    sc.join(
        &club,
        npo,
        "作業の指導・道具の貸出",
        "平日の担い手が増え、ボランティアの若返り",
        &[&f.npo_volunteers, &f.npo_weekdays],
    );
    sc.join(
        &club,
        city,
        "市有地の作業許可、実績を更新の提案に",
        "更新の評価「地域連携」の実績になる",
        &[&city_renewal[0]],
    );
    sc.status(&club, Status::Planned);
    sc.talk(60);
    sc.idea(
        IdeaKind::Scale,
        "新人研修プログラムを他の企業にも",
        "研修費が安定した収入になる。竹林の残り3分の2",
        Some(training),
    );
    sc.idea(
        IdeaKind::Invite,
        "近隣の大学（環境系ゼミ）",
        "卒業した中学生と大学生をつなぐ。生きもの調査のデータ",
        Some(learning),
    );
    sc.idea(
        IdeaKind::Invite,
        "シルバー人材センター",
        "平日の草刈りの人手。男性会員の出番にも",
        Some(&club),
    );
    sc.idea(
        IdeaKind::Next,
        "指定管理の更新提案に相利評価表を載せる",
        "市の評価項目「地域連携」を具体的に示せる",
        None,
    );
    sc.talk(60);
    // Dot votes on what to put effort into next year.
    sc.votes(&club, 8);
    sc.votes(training, 6);
    sc.votes(learning, 5);
    sc.votes(festival, 4);

    sc.at("15:32");
    sc.decision("秋まつりは来年度も10月。実行委員に中学生枠をつくる");
    sc.decision("里山クラブを4月から月2回で試行");
    sc.decision("企業向け研修プログラムを他社向けに1本つくる");
    sc.action(
        "里山クラブのチラシを包括の窓口に置く",
        "菅原（包括）・岡田（NPO）",
        "2026-03-31",
        Some(&club),
    );
    sc.action(
        "他社向け研修プログラム案",
        "岡田（NPO）・三浦（企業）",
        "2026-04-30",
        Some(training),
    );
    sc.action(
        "更新の提案書に相利評価表を入れる",
        "石川（NPO）",
        "2026-06-30",
        None,
    );
    sc.park("夜間照明のLED化（市の予算次第）");
    sc.park("まつりの日の駐車場不足");
    sc.notes(
        5,
        "里山クラブで男性の出番と平日の担い手を一緒に。研修は他社へ広げる。",
    );
    sc.next_meeting("2026-05-23 14:00", "自然館", "2026年度 第1回");
    sc.at("15:48");
    sc.close();
    sc.finish("park-nagaike.yaml")
}
