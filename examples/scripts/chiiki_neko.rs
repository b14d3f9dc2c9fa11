//! 地域猫活動: a first meeting (steps 1, 2, 3 and a short 5) of a cat NPO with the neighbourhood
//! association, the public health centre, the city office, an apartment manager and the
//! residents who feed the cats. The vet joins late, after a phone call in the break: the room
//! gives him a role but has not yet found his benefit, and one purpose of the health centre is
//! left for later. These are the deliberate 相利 warnings of the bundled examples.

use sori::core::session::{Coop, IdeaKind, Lang, MeetingList, Status, TextField};
use sori::core::start::{MeetingDetails, NewSession};

use super::{Generated, Script};
use sori::core::session::BenefitKind as K;

pub fn generate() -> Generated {
    let (mut sc, npo, partners) = Script::new_session(
        "2026-06-13T13:12:00+09:00",
        NewSession {
            title: "桜ヶ丘地区 地域猫の語り合う場（第1回）".into(),
            details: MeetingDetails {
                venue: "桜ヶ丘地区センター 第2会議室".into(),
                facilitator: "中村（市民活動サポートセンター）".into(),
                ..MeetingDetails::default()
            },
            start: None,
            lang: Lang::Ja,
            host: Some("NPO さくら地域猫の会".into()),
            parties: vec![
                "桜ヶ丘三丁目町内会".into(),
                "保険所".into(),
                "市役所 環境保全課".into(),
                "桜ヶ丘ハイツ 管理人".into(),
                "餌やりをしている住民".into(),
            ],
        },
    );
    let [town, health, city, manager, feeders] = partners.try_into().expect("five partners");

    // Before the room fills: kinds, the plan for two hours, the official start.
    sc.talk(60);
    sc.kind(&npo, "npo");
    sc.kind(&town, "residents");
    sc.kind(&health, "government");
    sc.kind(&city, "government");
    sc.kind(&manager, "business");
    sc.kind(&feeders, "residents");
    sc.timebox(2, 30);
    sc.timebox(3, 45);
    sc.timebox(4, 5);
    sc.timebox(5, 10);
    sc.text(TextField::Recorder, "林（NPO ボランティア）");
    sc.meeting_list(
        MeetingList::Agenda,
        &[
            "それぞれの困りごとと願いを出し合う",
            "一緒にできる活動と、それぞれの役割",
            "まず何から始めるか（役割分担と次回）",
        ],
    );
    sc.meeting_list(
        MeetingList::Handouts,
        &[
            "資料1 桜ヶ丘地区の猫の苦情件数（市 環境保全課）",
            "資料2 地域猫活動のガイドライン（保健所）",
        ],
    );
    sc.meeting_list(MeetingList::Absentees, &["民生委員 佐藤さん"]);
    sc.start_time("13:30");

    // ---- Step 1: what we (the NPO) want ----
    sc.at("13:31");
    sc.timer_start();
    sc.talk(120);
    sc.reps(&npo, &["代表 高橋", "ボランティア 林"]);
    sc.talk(90);
    let npo_life = sc.purposes(&npo, &["外で暮らす猫を、一代限りの命として見守りたい"]);
    let npo_kittens = sc.purposes(&npo, &["不妊虚勢で、不幸な子猫をこれ以上増やさない"]);
    // 虚勢 for 去勢: the IME's first guess; fixed when the room laughed.
    sc.talk(20);
    sc.text(
        TextField::Item(npo_kittens[0].clone()),
        "不妊去勢で、不幸な子猫をこれ以上増やさない",
    );
    let npo_peace = sc.purposes(&npo, &["猫好きと猫が苦手な人が言い合わない地域にしたい"]);
    sc.talk(100);
    let npo_ch = sc.challenges(
        &npo,
        &[
            "餌やりさんが「迷惑な人」扱い、夜にこっそり置き餌",
            "手術費1匹1〜2万円、会員の持ち出しで年30匹が限界",
            "捕獲に動けるのは3人だけ、平日の昼は無理",
        ],
    );
    sc.talk(60);
    sc.strengths(
        &npo,
        &[
            "地区の猫 約40匹の顔と数を把握（写真台帳）",
            "捕獲器5台、TNRの経験7年",
            "協力してくれる動物病院が1軒",
        ],
    );
    sc.talk(40);
    sc.notes(1, "猫を減らすことには反対しない。一代限りで穏やかに見守りたい。\n苦情の矢面に立つのは、いつも餌やりさん。");

    // ---- Step 2: what each partner wants ----
    sc.at("13:46");
    sc.step(2);
    sc.talk(60);
    // 町内会
    sc.reps(&town, &["会長 佐藤", "環境部長 小林"]);
    let town_quarrel = sc.purposes(&town, &["猫のことで住民同士がもめないようにしたい"]);
    let town_garbage = sc.purposes(&town, &["ごみ集積所をきれいに保ちたい"]);
    sc.talk(60);
    let town_calls = sc.challenges(&town, &["猫の苦情が今年度だけで12件、会長宅に直接電話"]);
    // The cursor was still on the health centre's row: typed there, undone, typed again.
    sc.talk(30);
    sc.challenges(&health, &["集積所のごみ袋が破られ、当番が片付けている"]);
    sc.undo();
    let town_bags = sc.challenges(&town, &["集積所のごみ袋が破られ、当番が片付けている"]);
    sc.challenges(&town, &["役員も高齢、見回りまでは手が回らない"]);
    sc.talk(40);
    sc.strengths(
        &town,
        &[
            "回覧板・掲示板で約480世帯に届く",
            "集会所を無料で使える",
            "班長のネットワーク",
        ],
    );

    // 保健所
    sc.at("13:53");
    sc.text(
        TextField::PartyName(health.clone()),
        "中央保健所 生活衛生課",
    );
    sc.reps(&health, &["動物愛護担当 山口"]);
    sc.talk(45);
    let health_complaints = sc.purposes(&health, &["猫の苦情・相談を減らしたい"]);
    let health_kill = sc.purposes(&health, &["子猫の引き取りと殺処分を減らしたい"]);
    sc.talk(30);
    sc.purposes(&health, &["多頭飼育の問題を早く見つけたい"]);
    sc.talk(60);
    sc.park("多頭飼育が疑われる家の件（個人情報に配慮し、保健所と別に相談）");
    sc.talk(30);
    let health_ch = sc.challenges(
        &health,
        &[
            "苦情が来ても、担当2人で現地に行けるのは月数回",
            "毎年春、飼い主のいない子猫の引き取りが集中",
        ],
    );
    sc.strengths(
        &health,
        &[
            "地域猫活動のガイドライン・掲示物のひな形",
            "行政としての「お墨付き」",
        ],
    );

    // 市役所
    sc.at("14:00");
    sc.reps(&city, &["係長 井上"]);
    let city_dung = sc.purposes(&city, &["ふん尿・ごみ荒らしの苦情を減らしたい"]);
    let city_spread = sc.purposes(&city, &["住民主体の地域猫活動を市内に広げたい"]);
    sc.talk(45);
    let city_ch = sc.challenges(
        &city,
        &[
            "手術助成は年60匹分、毎年秋には使い切る",
            "どの地区で誰が活動しているか把握できていない",
        ],
    );
    sc.strengths(
        &city,
        &[
            "不妊去勢の手術助成（1匹上限5千円）",
            "地域猫活動の登録制度（看板を配布）",
            "市の広報紙・ホームページ",
        ],
    );

    // 管理人
    sc.at("14:06");
    sc.reps(&manager, &["管理人 森"]);
    let mgr_dung = sc.purposes(&manager, &["敷地の植え込みのふん尿をなくしたい"]);
    let mgr_complaints = sc.purposes(&manager, &["住民から管理人への苦情を減らしたい"]);
    sc.talk(40);
    let mgr_ch = sc.challenges(
        &manager,
        &[
            "植え込みの臭いで、1階の住民から毎週苦情",
            "敷地に誰かが餌を置いていく、注意しても続く",
        ],
    );
    sc.strengths(
        &manager,
        &[
            "敷地内の掲示板・エレベーターの掲示",
            "毎朝の清掃で猫の出入りを見ている",
        ],
    );

    // 餌やりさん
    sc.at("14:11");
    sc.reps(&feeders, &["田中さん", "吉田さん"]);
    sc.talk(60);
    let feed_meals = sc.purposes(&feeders, &["毎日のご飯を続けたい"]);
    let feed_safe = sc.purposes(
        &feeders,
        &["猫が追い出されたり、いじめられたりしないように"],
    );
    sc.talk(45);
    let feed_ch = sc.challenges(
        &feeders,
        &[
            "「餌をやるな」と言われ、肩身がせまい",
            "自分たちも70代、いつまで続けられるか不安",
            "手術のお金までは出せない",
        ],
    );
    sc.strengths(
        &feeders,
        &[
            "毎日同じ時間に来る、猫のケガや体調にすぐ気づく",
            "猫が懐いているので捕獲しやすい",
        ],
    );
    sc.talk(30);
    sc.notes(
        2,
        "苦手な人の声も大事に。苦情は会長宅と管理人に集中している。\n保健所は「多頭飼育」も気になっている→保留へ。",
    );

    // ---- Step 3: activities ----
    sc.at("14:19");
    sc.step(3);
    sc.talk(180);
    let tnr = sc.activity(
        "TNR（捕獲・不妊去勢・元の場所へ）を地区で一斉に",
        "未手術の約20匹を7〜8月に一斉に手術。耳先カットで手術済みが分かるように",
        Coop::Mutual,
        &npo,
    );
    let rules = sc.activity(
        "餌やりのルールと給餌場所を決める",
        "置き餌はやめる。決まった場所・夕方6時に食べさせ、30分で片付け。猫トイレを置いて掃除",
        Coop::Mutual,
        &npo,
    );
    let signs = sc.activity(
        "看板・チラシで地域猫を「見える化」",
        "市の登録制度で地区を登録し、看板を立てる。チラシで活動と相談先を全戸に知らせる",
        Coop::Supported,
        &city,
    );
    sc.talk(120);
    // Dot votes: three stickers each.
    sc.votes(&tnr, 9);
    sc.votes(&rules, 7);
    sc.votes(&signs, 4);
    // A sticker on the wrong sheet: taken back.
    sc.votes(&signs, 5);
    sc.undo();

    sc.at("14:28");
    sc.join(
        &tnr,
        &npo,
        "捕獲器の貸出・捕獲・病院への搬送、台帳の管理",
        "子猫が生まれなくなり、活動の成果が目に見える",
        &[&npo_kittens[0], &npo_ch[1]],
    );
    sc.kinds(&tnr, &npo, &[K::Psychological, K::Situation]);
    sc.join(
        &tnr,
        &town,
        "回覧で一斉捕獲の日程を知らせる、集会所を受付に",
        "数年で猫が減り、苦情が減る",
        &[&town_quarrel[0], &town_calls[0]],
    );
    sc.kinds(&tnr, &town, &[K::Situation]);
    sc.join(
        &tnr,
        &city,
        "手術助成を一斉実施に優先して回す（20匹分）",
        "助成の効果が地区単位で見え、他地区のモデルになる",
        &[&city_dung[0], &city_ch[0]],
    );
    sc.kinds(&tnr, &city, &[K::Psychological]);
    sc.join(
        &tnr,
        &health,
        "お知らせ文の監修、子猫の相談をNPOにつなぐ",
        "春の子猫の引き取りが減る",
        &[&health_complaints[0], &health_kill[0], &health_ch[1]],
    );
    sc.kinds(&tnr, &health, &[K::Situation]);
    sc.join(
        &tnr,
        &feeders,
        "捕獲の前日は餌を止める、当日は猫を呼ぶ",
        "猫が追い出されずに済み、堂々と世話ができる",
        &[&feed_safe[0], &feed_ch[2]],
    );
    sc.kinds(&tnr, &feeders, &[K::Psychological, K::Situation]);
    sc.status(&tnr, Status::Planned);

    sc.at("14:36");
    sc.join(
        &rules,
        &feeders,
        "決まった時間に給餌し、その場で片付け",
        "「迷惑な人」でなく、地域の担い手として認められる",
        &[&feed_meals[0], &feed_ch[0]],
    );
    sc.kinds(&rules, &feeders, &[K::Psychological]);
    sc.join(
        &rules,
        &npo,
        "ルール案づくり、給餌の当番表、猫トイレの設置",
        "隠れた置き餌がなくなり、猫の数と健康が分かる",
        &[&npo_life[0], &npo_ch[0]],
    );
    sc.kinds(&rules, &npo, &[K::Situation]);
    sc.join(
        &rules,
        &town,
        "ルールを回覧・掲示、役員会で承認",
        "ごみ荒らしが減り、集積所当番の負担が減る",
        &[&town_garbage[0], &town_bags[0]],
    );
    sc.kinds(&rules, &town, &[K::Situation]);
    sc.join(
        &rules,
        &manager,
        "敷地の一角を給餌場所とトイレに提供",
        "植え込みのふん尿が減り、1階からの苦情が減る",
        &[&mgr_dung[0], &mgr_ch[0], &mgr_ch[1]],
    );
    sc.kinds(&rules, &manager, &[K::Situation]);
    sc.status(&rules, Status::Planned);
    let call_vet = sc.action(
        "協力病院に一斉手術の枠を電話で確認",
        "高橋（NPO）",
        "休憩中",
        Some(&tnr),
    );

    sc.at("14:46");
    sc.timer_stop();
    sc.notes(3, "休憩中に高橋さんが病院へ電話。");

    // ---- after the break: the vet has come ----
    sc.at("14:57");
    sc.timer_start();
    sc.done(&call_vet);
    let vet = sc.party("さくら動物病院", "business");
    sc.reps(&vet, &["院長 木村"]);
    sc.strengths(
        &vet,
        &["不妊去勢手術の設備と技術", "耳先カットに対応できる"],
    );
    sc.talk(60);
    sc.join(
        &tnr,
        &vet,
        "平日午前の手術を割引で引き受ける（週4匹まで）",
        "",
        &[],
    );
    // The facilitator sees the warning: a role and no benefit. The room will come back to it.
    sc.talk(45);

    sc.at("15:01");
    sc.join(
        &signs,
        &city,
        "登録の受付、看板5枚を配布、広報紙に掲載",
        "市内のどこで活動しているか把握できる",
        &[&city_spread[0], &city_ch[1]],
    );
    sc.join(
        &signs,
        &health,
        "チラシのひな形を提供、相談窓口を明記",
        "保健所に来る前に、地域で話がつく",
        &[&health_complaints[0], &health_ch[0]],
    );
    sc.join(
        &signs,
        &town,
        "看板の場所の調整、チラシの全戸配布",
        "会長宅への直接の苦情電話が減る",
        &[&town_quarrel[0], &town_calls[0]],
    );
    sc.join(
        &signs,
        &npo,
        "チラシづくり、問い合わせ先を引き受ける",
        "活動への理解が広がり、捕獲の協力者が増える",
        &[&npo_peace[0], &npo_ch[2]],
    );
    sc.join(
        &signs,
        &manager,
        "掲示板・エレベーターにチラシを掲示",
        "苦情を管理人ひとりで抱え込まずに済む",
        &[&mgr_complaints[0]],
    );

    sc.at("15:09");
    sc.decision("一斉捕獲は7月18日（土）・19日（日）、手術は20日の週");
    sc.decision("給餌は夕方6時、ハイツ東側の植え込み横、30分で片付け");
    sc.decision("猫の苦情の窓口は町内会長でなく、NPOの携帯に一本化");
    sc.action(
        "一斉捕獲のお知らせを7月5日の回覧に入れる",
        "小林（町内会）",
        "2026-07-05",
        Some(&tnr),
    );
    sc.action(
        "手術助成20匹分を申請",
        "高橋（NPO）・井上（市）",
        "2026-06-30",
        Some(&tnr),
    );
    sc.action(
        "動物病院の相利を考えて、次回に提案（病院名を看板・広報に載せる等）",
        "中村（ファシリ）・高橋（NPO）",
        "2026-07-10",
        Some(&tnr),
    );
    sc.action(
        "給餌ルール案をA4一枚に",
        "林（NPO）",
        "2026-06-20",
        Some(&rules),
    );
    sc.action(
        "給餌場所について管理組合の了承をとる",
        "森（管理人）",
        "2026-06-27",
        Some(&rules),
    );
    sc.action(
        "地域猫活動の登録を申請",
        "高橋（NPO）",
        "2026-07-31",
        Some(&signs),
    );
    sc.park("子猫の譲渡会をどうするか");

    // ---- Step 5 (short): who else, what next ----
    sc.at("15:17");
    sc.step(5);
    sc.talk(60);
    sc.idea(
        IdeaKind::Invite,
        "不動産管理会社",
        "他のアパート・空き家の敷地でも給餌場所の了解がとれる",
        Some(&rules),
    );
    sc.idea(
        IdeaKind::Invite,
        "小学校・PTA",
        "子どもが命の学習として関われる。下校の見守りにも",
        None,
    );
    sc.idea(
        IdeaKind::Scale,
        "一斉TNRを二丁目・四丁目にも",
        "隣の町内会も同じ悩み。一緒にやれば助成も病院の枠も効率よく使える",
        Some(&tnr),
    );
    sc.talk(40);
    sc.park("猫よけグッズの費用を誰が持つか");
    sc.notes(
        4,
        "評価は9月の次回に。苦情件数・手術数・子猫の数で確認する。",
    );
    sc.notes(5, "次は隣の町内会と不動産管理会社にも声をかける。");
    sc.next_meeting(
        "2026-09-12 13:30",
        "同じ会場",
        "3か月のふりかえり（ステップ4）",
    );
    sc.at("15:29");
    sc.close();
    sc.finish("chiiki-neko.yaml")
}
