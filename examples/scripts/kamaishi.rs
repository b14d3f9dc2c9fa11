//! Kamaishi: the social welfare council (社協) and forestry. After the steelworks shrank, the
//! population fell and the 2011 tsunami, the council looks for "purposeful work" for older men in
//! the post-disaster public housing, disaster survivors and people with disabilities; the forest
//! owners' cooperative lacks hands and leaves thinned timber in the hills. The first meeting
//! (July 2025: SWOT of both, the 相利評価表) is scripted but not saved; the saved file is the
//! follow-up six months later: the SWOT revisited, each benefit evaluated (step 4), next steps
//! (step 5).

use sori::core::session::{
    Achieved, Coop, Id, IdeaKind, Lang, MeetingList, PartyList, Session, Status, TextField,
};
use sori::core::start::{MeetingDetails, NewSession};

use super::{Generated, Script};
use sori::core::session::BenefitKind as K;

struct First {
    session: Session,
    council: Id,
    coop: Id,
    city: Id,
    housing: Id,
    workshop: Id,
    silver: Id,
    bath: Id,
    firewood: Id,
    forest_work: Id,
    delivery: Id,
    coop_no_ties: Id,
    coop_deer: Id,
    coop_deer_ch: Id,
    todo: [Id; 5],
}

fn first_meeting() -> First {
    let (mut sc, council, partners) = Script::new_session(
        "2025-07-12T13:15:00+09:00",
        NewSession {
            title: "林業×福祉 相利の会（第1回）".into(),
            details: MeetingDetails {
                venue: "釜石市社会福祉協議会 会議室".into(),
                facilitator: "菊池（社協 地域福祉係）".into(),
                ..MeetingDetails::default()
            },
            start: None,
            lang: Lang::Ja,
            host: Some("釜石市社会福祉協議会".into()),
            parties: vec![
                "釜石地方森林組合".into(),
                "釜石市 水産農林課".into(),
                "復興公営住宅 自治会連絡会".into(),
                "障がい者就労支援事業所（B型）".into(),
                "シルバー人材センター".into(),
                "市内の温浴施設".into(),
            ],
        },
    );
    let [coop, city, housing, workshop, silver, bath] = partners.try_into().expect("six partners");
    for (p, kind) in [
        (&council, "welfare"),
        (&coop, "森林組合"),
        (&city, "government"),
        (&housing, "residents"),
        (&workshop, "welfare"),
        (&silver, "other"),
        (&bath, "business"),
    ] {
        sc.kind(p, kind);
    }
    sc.at("13:30");
    sc.timer_start();

    // Step 1: the council, with its SWOT.
    sc.reps(&council, &["地域福祉係 菊池", "生活支援相談員 佐々木"]);
    let c_men = sc.purposes(
        &council,
        &["復興住宅で孤立しがちな高齢男性に、役割と出番を"],
    );
    let c_disab = sc.purposes(&council, &["障がいのある人が地域で働ける場を広げたい"]);
    let c_giver = sc.purposes(
        &council,
        &["被災した人が「支えられる側」から「支える側」に戻れるように"],
    );
    let c_ch = sc.challenges(
        &council,
        &[
            "サロンに来るのは女性ばかり、男性は部屋にこもりがち",
            "復興住宅で孤独死が2件（昨年度）",
            "仕事をつくるノウハウもお金もない",
        ],
    );
    sc.strengths(
        &council,
        &[
            "生活支援相談員が復興住宅の全戸を訪問、顔を知っている",
            "震災の災害ボランティアセンター運営の経験とネットワーク",
            "送迎車・集会所の貸出",
        ],
    );
    sc.swot(
        &council,
        &[
            "仕事や収入をつくる事業の経験がない",
            "財源が補助金・委託頼み",
            "職員が少なく、新しい事業に人を割けない",
        ],
        &[
            "林業の人手不足（山側が人を求めている）",
            "重層的支援体制整備事業の「参加支援」",
            "薪ストーブ・薪ボイラーの需要",
        ],
        &[
            "復興関連の補助が終わり、相談員が減る",
            "若い世代の流出、ボランティアの高齢化",
        ],
    );

    // Step 2: the forest owners' cooperative, with its SWOT, then the others.
    sc.step(2);
    sc.reps(&coop, &["参事 及川", "現場班長 千葉"]);
    let f_thin = sc.purposes(&coop, &["間伐を進めて、山を健全に保ちたい"]);
    let f_hands = sc.purposes(&coop, &["林業の担い手を確保したい"]);
    let f_waste = sc.purposes(&coop, &["間伐材・未利用材を売れるものにしたい"]);
    let f_ch = sc.challenges(
        &coop,
        &[
            "作業員20人・平均58歳、間伐は計画の6割",
            "細い間伐材や枝は山に置いたまま（出すほど赤字）",
            "鹿の食害で、植えた苗が育たない",
        ],
    );
    sc.strengths(
        &coop,
        &[
            "市の面積の約9割が森林、組合員の山の管理を受託",
            "伐採・搬出の技術と高性能林業機械",
            "作業道と土場（木材置き場）",
        ],
    );
    let f_weak = sc.items(
        &coop,
        PartyList::Weaknesses,
        &[
            "若手が定着しない（3年で半分が辞める）",
            "福祉や地域とのつながりがない",
            "木材価格が低く、利益が出にくい",
        ],
    );
    sc.items(
        &coop,
        PartyList::Opportunities,
        &[
            "森林環境譲与税で市の間伐予算が増える",
            "市内の温浴施設が薪ボイラーを導入予定",
            "復興で地元の木への関心",
        ],
    );
    let f_threats = sc.items(
        &coop,
        PartyList::Threats,
        &[
            "豪雨で林道が崩れる",
            "所有者不明・不在の放置林が増える",
            "鹿の食害の拡大",
        ],
    );

    sc.reps(&city, &["林業係 藤原"]);
    let city_forest = sc.purposes(&city, &["森林整備を進め、土砂災害を防ぎたい"]);
    let city_jobs = sc.purposes(&city, &["林業で地元に雇用を生みたい"]);
    let city_ch = sc.challenges(
        &city,
        &[
            "森林環境譲与税の使い道が決まらず、基金に積んだまま",
            "所有者不明の森林が増え、手が入らない",
        ],
    );
    sc.strengths(&city, &["森林環境譲与税の予算", "森林経営管理制度の窓口"]);

    sc.reps(
        &housing,
        &["会長 小笠原", "元漁師 三浦さん", "元製鉄所 阿部さん"],
    );
    let h_meet = sc.purposes(&housing, &["住民同士が顔を合わせるきっかけがほしい"]);
    let h_skill = sc.purposes(&housing, &["元漁師・元製鉄所の男性の腕を生かしたい"]);
    let h_ch = sc.challenges(
        &housing,
        &[
            "高層で行き来がなく、隣に誰が住んでいるか分からない",
            "男性は「お茶っこ」に来ない、昼から飲む人も",
        ],
    );
    sc.strengths(
        &housing,
        &[
            "体と道具を使える男性が多い（元漁師・元製鉄所・元大工）",
            "軽トラを持っている住民がいる",
        ],
    );

    sc.reps(&workshop, &["施設長 高橋", "職業指導員 金野"]);
    let w_wage = sc.purposes(&workshop, &["利用者の工賃を上げたい"]);
    let w_outdoor = sc.purposes(&workshop, &["屋外で体を動かす仕事を増やしたい"]);
    let w_ch = sc.challenges(
        &workshop,
        &[
            "箱折り・シール貼りが中心、工賃は月1万2千円",
            "仕事が途切れる月がある",
        ],
    );
    sc.strengths(
        &workshop,
        &[
            "利用者18人、薪割り・袋詰めのような繰り返し作業が得意",
            "作業所の敷地（薪の乾燥場に使える）",
        ],
    );

    sc.reps(&silver, &["事務局 山崎"]);
    let s_work = sc.purposes(&silver, &["会員の仕事を増やしたい（特に男性・冬場）"]);
    let s_ch = sc.challenges(&silver, &["男性会員の仕事（草刈り）が夏だけ"]);
    sc.strengths(&silver, &["会員の保険・安全講習", "請負契約の窓口"]);

    sc.reps(&bath, &["支配人 平野"]);
    let b_fuel = sc.purposes(&bath, &["重油代を下げたい"]);
    let b_brand = sc.purposes(&bath, &["「釜石の木で沸かす湯」として売り出したい"]);
    let b_ch = sc.challenges(&bath, &["重油代が年800万円、値上がりが続く"]);
    sc.strengths(
        &bath,
        &["薪ボイラー（今年度導入）", "来館者 年7万人への発信"],
    );

    // Step 3: the 相利評価表.
    sc.step(3);
    let firewood = sc.activity(
        "間伐材の薪づくり（山から湯まで）",
        "山に置いたままの間伐材を土場に出し、事業所と復興住宅の男性で薪に。温浴施設の薪ボイラーと高齢世帯の薪ストーブへ",
        Coop::Mutual,
        &coop,
    );
    sc.join(
        &firewood,
        &coop,
        "間伐材を土場まで搬出、チェーンソーで玉切り",
        "捨てていた材が売上になり、間伐が進む",
        &[&f_thin[0], &f_waste[0], &f_ch[1]],
    );
    sc.kinds(&firewood, &coop, &[K::Money, K::Situation]);
    sc.join(
        &firewood,
        &workshop,
        "薪割り機での薪割り・乾燥・袋詰め",
        "通年の屋外作業で工賃が上がる",
        &[&w_wage[0], &w_outdoor[0], &w_ch[0], &w_ch[1]],
    );
    sc.kinds(&firewood, &workshop, &[K::Money]);
    sc.join(
        &firewood,
        &housing,
        "薪割り・積み込みの班（週2回）",
        "男性の出番と仲間、少しの収入",
        &[&h_skill[0], &h_meet[0], &h_ch[1]],
    );
    sc.kinds(&firewood, &housing, &[K::Money, K::Psychological]);
    sc.join(
        &firewood,
        &bath,
        "薪を年間契約で買い取る",
        "重油代が減り、「釜石の木の湯」を売りにできる",
        &[&b_fuel[0], &b_brand[0], &b_ch[0]],
    );
    sc.kinds(&firewood, &bath, &[K::Money]);
    sc.join(
        &firewood,
        &council,
        "参加者への声かけ、送迎、体調の見守り",
        "孤立しがちな男性とつながれる",
        &[&c_men[0], &c_giver[0], &c_ch[0]],
    );
    sc.kinds(&firewood, &council, &[K::Psychological]);
    sc.status(&firewood, Status::Running);

    let forest_work = sc.activity(
        "森の手入れ「やりがい就労」班",
        "組合の現場で下草刈り・枝集め・鹿よけネットの点検を、シルバー・事業所・被災住民の混成班で。指導は組合の班長",
        Coop::Mutual,
        &council,
    );
    sc.join(
        &forest_work,
        &coop,
        "現場の指導と安全管理（班長）",
        "手が回らない軽作業が片付き、担い手候補が見つかる",
        &[&f_hands[0], &f_ch[0]],
    );
    sc.join(
        &forest_work,
        &council,
        "参加者の募集と体調の見守り",
        "被災した人・障がいのある人が「働く側」になる場",
        &[&c_disab[0], &c_giver[0], &c_ch[2]],
    );
    sc.join(
        &forest_work,
        &silver,
        "会員の派遣、請負契約と保険",
        "男性会員の冬場の仕事",
        &[&s_work[0], &s_ch[0]],
    );
    sc.join(
        &forest_work,
        &workshop,
        "利用者2〜3人が職員と参加",
        "一般就労に近い現場の経験",
        &[&w_outdoor[0]],
    );
    sc.join(
        &forest_work,
        &city,
        "森林環境譲与税で作業費を負担",
        "譲与税の使い道が「人と森」の両方に効く",
        &[&city_forest[0], &city_jobs[0], &city_ch[0]],
    );
    sc.status(&forest_work, Status::Planned);

    let delivery = sc.activity(
        "薪の配達と見守り",
        "冬の間、薪ストーブの高齢世帯に薪を届けながら安否確認",
        Coop::Mutual,
        &council,
    );
    sc.join(
        &delivery,
        &council,
        "配達先の選定、見守り情報の共有",
        "冬の訪問の口実ができ、孤立を早く見つけられる",
        &[&c_men[0], &c_ch[1]],
    );
    sc.join(
        &delivery,
        &housing,
        "軽トラで配達",
        "住民同士の行き来が生まれる",
        &[&h_meet[0], &h_ch[0]],
    );
    sc.join(
        &delivery,
        &city,
        "灯油高騰の冬の支援を薪にも使えるか検討",
        "冬の支援を地元の木でできる",
        &[],
    );
    sc.status(&delivery, Status::Idea);

    let todo = [
        sc.action(
            "薪割り機をリース",
            "及川（森林組合）",
            "2025-08-31",
            Some(&firewood),
        ),
        sc.action(
            "作業所の敷地に薪の乾燥棚",
            "金野（事業所）",
            "2025-09-30",
            Some(&firewood),
        ),
        sc.action(
            "作業中のけがの保険を確認",
            "山崎（シルバー）・菊池（社協）",
            "2025-08-15",
            Some(&forest_work),
        ),
        sc.action(
            "譲与税で作業費を出せるか庁内調整",
            "藤原（市）",
            "2025-09-30",
            Some(&forest_work),
        ),
        sc.action(
            "薪の配達先の候補リスト",
            "佐々木（社協）",
            "2025-11-15",
            Some(&delivery),
        ),
    ];
    sc.at("15:30");
    sc.timer_stop();
    First {
        session: sc.into_session(),
        council,
        coop,
        city,
        housing,
        workshop,
        silver,
        bath,
        firewood,
        forest_work,
        delivery,
        coop_no_ties: f_weak[1].clone(),
        coop_deer: f_threats[2].clone(),
        coop_deer_ch: f_ch[2].clone(),
        todo,
    }
}

pub fn generate() -> Generated {
    let f = first_meeting();
    let (council, coop, city, housing, workshop, silver, bath) = (
        &f.council,
        &f.coop,
        &f.city,
        &f.housing,
        &f.workshop,
        &f.silver,
        &f.bath,
    );
    let (firewood, forest_work, delivery) = (&f.firewood, &f.forest_work, &f.delivery);
    let [mill, rack, insurance, budget, list] = f.todo.clone();

    let mut sc = Script::follow_up(
        "2026-01-24T13:12:00+09:00",
        &f.session,
        "林業×福祉 相利の会（第2回 半年のふりかえり）",
    );
    sc.talk(60);
    sc.text(TextField::Recorder, "佐々木（社協）");
    sc.meeting_list(
        MeetingList::Agenda,
        &[
            "半年のふりかえり：SWOTの見直し",
            "活動ごとの相利の評価と改善",
            "来年度に向けて",
        ],
    );
    sc.reps(council, &["地域福祉係 菊池", "生活支援相談員 佐々木"]);
    sc.reps(coop, &["参事 及川", "現場班長 千葉"]);
    sc.reps(city, &["林業係 藤原"]);
    sc.reps(housing, &["会長 小笠原", "元漁師 三浦さん"]);
    sc.reps(workshop, &["施設長 高橋"]);
    sc.reps(silver, &["事務局 山崎"]);
    sc.reps(bath, &["支配人 平野"]);
    sc.meeting_list(MeetingList::Absentees, &["元製鉄所 阿部さん（復興住宅）"]);
    sc.start_time("13:30");
    sc.timebox(1, 15);
    sc.timebox(2, 10);
    sc.timebox(3, 5);
    sc.timebox(4, 45);
    sc.timebox(5, 30);

    // ---- Step 1: the SWOT sheets again, half a year on ----
    sc.at("13:31");
    sc.step(1);
    sc.talk(150);
    sc.strengths(council, &["森林組合と顔の見える関係ができた"]);
    sc.items(
        council,
        PartyList::Opportunities,
        &["他地区の社協・包括から見学の問い合わせ"],
    );
    sc.talk(90);
    // The cooperative: "no ties with welfare" is no longer true.
    sc.remove(&f.coop_no_ties);
    // 「待って、まだ消さないで」 — then the 参事 agreed: it goes.
    sc.undo();
    sc.talk(45);
    sc.redo();
    sc.items(
        coop,
        PartyList::Opportunities,
        &["市の森林整備計画に、譲与税の人材育成枠"],
    );
    sc.talk(40);
    sc.text(
        TextField::Item(f.coop_deer.clone()),
        "鹿の食害が拡大、新植地の半分で苗が食べられた",
    );
    sc.move_to(&f.coop_deer, 0);
    sc.notes(
        1,
        "社協：組合との関係が強みに。組合：「福祉とのつながりがない」を弱みから外した。\n脅威のいちばんは鹿。",
    );

    // ---- Step 2: what changed for the partners ----
    sc.at("13:46");
    sc.step(2);
    sc.talk(120);
    let bath_delay = sc.challenges(bath, &["薪ボイラーの導入が3月に延期（部品の納期）"]);
    sc.talk(60);
    let housing_few = sc.challenges(housing, &["薪の班の男性は4人で固定、広がらない"]);
    sc.notes(
        2,
        "温浴施設はボイラーの納期待ち。薪は乾燥に回せるので、かえって好都合。",
    );

    // ---- Step 4: evaluate each benefit ----
    sc.at("13:57");
    sc.step(4);
    sc.talk(120);
    sc.evaluate(
        firewood,
        coop,
        Achieved::Yes,
        "半年で薪120㎥分を出した。土場の材が売上に",
    );
    sc.evaluate(
        firewood,
        workshop,
        Achieved::Yes,
        "工賃が月1万2千円→1万7千円",
    );
    sc.evaluate(
        firewood,
        housing,
        Achieved::Partly,
        "参加は男性4人で固定。本人たちは「朝が楽しみ」",
    );
    sc.evaluate(
        firewood,
        bath,
        Achieved::NotYet,
        "ボイラー導入が3月に延期、試験燃焼のみ",
    );
    sc.evaluate(
        firewood,
        council,
        Achieved::Yes,
        "4人のうち1人は、初めて社協とつながった人",
    );
    sc.link(firewood, housing, &housing_few[0]);
    sc.link(firewood, bath, &bath_delay[0]);
    sc.improvement(firewood, "団地ごとに「薪割りの日」、まず見学から");
    sc.improvement(firewood, "乾燥に1年→今年の材は来冬用として計画");
    sc.done(&mill);
    sc.done(&rack);

    sc.at("14:12");
    sc.status(forest_work, Status::Running);
    sc.evaluate(
        forest_work,
        coop,
        Achieved::Partly,
        "軽作業は片付いた。担い手候補はまだ",
    );
    sc.evaluate(
        forest_work,
        council,
        Achieved::Yes,
        "被災した男性2人が「また来週」と言って帰る",
    );
    sc.evaluate(forest_work, silver, Achieved::Yes, "冬場に会員6人の仕事");
    sc.evaluate(
        forest_work,
        workshop,
        Achieved::Partly,
        "現場が遠く、送迎が職員の負担",
    );
    sc.evaluate(
        forest_work,
        city,
        Achieved::Yes,
        "譲与税の使い道として議会で説明できた",
    );
    sc.improvement(forest_work, "送迎は社協の車に一本化");
    // かんばつ: the IME offers 干ばつ (drought) before 間伐 (thinning).
    let nearer = sc.improvement(forest_work, "干ばつの現場を団地に近い市有林に");
    sc.talk(10);
    sc.text(TextField::Item(nearer), "間伐の現場を団地に近い市有林に");
    sc.done(&insurance);
    sc.done(&budget);

    sc.at("14:26");
    sc.status(delivery, Status::Done);
    sc.undo();
    sc.status(delivery, Status::Running);
    sc.evaluate(
        delivery,
        council,
        Achieved::Yes,
        "配達18世帯、うち2世帯を包括につないだ",
    );
    sc.evaluate(
        delivery,
        housing,
        Achieved::Partly,
        "軽トラを出せるのが2人だけ",
    );
    sc.evaluate(
        delivery,
        city,
        Achieved::NotYet,
        "薪を補助の対象にするかは来年度予算で",
    );
    sc.improvement(delivery, "配達の日を薪の班の日と合わせる");
    sc.done(&list);
    sc.talk(60);
    sc.notes(
        4,
        "3つとも続ける。温浴施設の相利は3月から。\n広げる鍵は「見学から」「送迎」。",
    );

    sc.at("14:41");
    sc.timer_stop();

    // ---- Step 5: expand ----
    sc.at("14:52");
    sc.step(5);
    sc.talk(150);
    let deer = sc.activity(
        "鹿よけネットの見回り班",
        "新植地のネットを週1回見回り、破れを直す。散歩を兼ねて2人1組",
        Coop::Mutual,
        coop,
    );
    sc.join(
        &deer,
        coop,
        "ネットと補修道具、見回りの場所と手順",
        "苗が育ち、植えた山が無駄にならない",
        &[&f.coop_deer_ch],
    );
    sc.join(
        &deer,
        housing,
        "2人1組で週1回の見回り",
        "散歩が役割になり、外に出る理由ができる",
        &[],
    );
    sc.join(&deer, silver, "見回りの請負と保険", "通年の軽い仕事", &[]);
    sc.status(&deer, Status::Idea);
    sc.talk(60);
    sc.idea(
        IdeaKind::Scale,
        "薪を市内のキャンプ場・他の温浴施設にも",
        "土場の材はまだ余っている。販売先が増えれば工賃も上がる",
        Some(firewood),
    );
    sc.idea(
        IdeaKind::Invite,
        "地元の工務店・木工所",
        "端材で木工品。事業所の新しい仕事に",
        Some(firewood),
    );
    sc.idea(
        IdeaKind::Invite,
        "市内の高校",
        "林業体験から担い手へ。若い世代が地元に残るきっかけ",
        Some(forest_work),
    );
    sc.idea(
        IdeaKind::Next,
        "薪の含水率を誰が測るか決める",
        "ボイラーの燃え方が変わる。温浴施設と基準を合わせる",
        None,
    );
    sc.talk(40);
    sc.votes(firewood, 9);
    sc.votes(&deer, 7);
    sc.votes(forest_work, 6);
    sc.votes(delivery, 3);

    sc.at("15:14");
    sc.decision("3月から温浴施設へ薪の納品を始める");
    sc.decision("送迎は社協の車で、火・金の2便");
    sc.decision("来年度も譲与税で「やりがい就労」班を続ける（市が予算要求）");
    sc.action(
        "団地ごとの「薪割りの日」チラシ",
        "佐々木（社協）・小笠原（自治会）",
        "2026-02-28",
        Some(firewood),
    );
    sc.action(
        "温浴施設と納品の量・日程を決める",
        "及川（森林組合）・平野（温浴施設）",
        "2026-02-15",
        Some(firewood),
    );
    sc.action(
        "来年度予算の要求",
        "藤原（市）",
        "2026-02-10",
        Some(forest_work),
    );
    sc.action(
        "鹿よけネット見回りの試行場所を選ぶ",
        "千葉（森林組合）",
        "2026-03-31",
        Some(&deer),
    );
    sc.park("所有者不明林の扱い（市の森林経営管理制度で）");
    sc.park("薪の値段（1㎥あたり）をどう決めるか");
    sc.notes(
        5,
        "薪の販売先を広げる。鹿よけネットの見回りを新しく試す。高校に声をかける。",
    );
    sc.next_meeting("2026-07-11 13:30", "社協 会議室", "1年のふりかえり");
    sc.at("15:27");
    sc.close();
    sc.finish("kamaishi-forestry.yaml")
}
