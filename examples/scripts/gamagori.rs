//! Social welfare corporation 楽笑 (Gamagori, Aichi): when it opened a facility for people with
//! disabilities, neighbours were afraid. Before opening a bakery beside the facility, it gathers
//! the neighbourhood's leaders (自治会, 総代), the fishing cooperative, parents, retirees and the
//! school, where each side speaks of its position and its problems first (steps 1–3).

use sori::core::session::{Coop, IdeaKind, Lang, MeetingList, Status, TextField};
use sori::core::start::{MeetingDetails, NewSession};

use super::{Generated, Script};
use sori::core::session::BenefitKind as K;

pub fn generate() -> Generated {
    let (mut sc, rakusho, partners) = Script::new_session(
        "2026-03-14T09:42:00+09:00",
        NewSession {
            title: "楽笑と地域の語り合う場 — パン工房の開店に向けて".into(),
            details: MeetingDetails {
                venue: "地区公民館 大広間".into(),
                facilitator: "鈴木（楽笑 地域連携担当）".into(),
                ..MeetingDetails::default()
            },
            start: None,
            lang: Lang::Ja,
            host: Some("社会福祉法人 楽笑".into()),
            parties: vec![
                "自治会・総代".into(),
                "漁協".into(),
                "子育て世代（小学校PTA）".into(),
                "シニアクラブ".into(),
                "市立小学校".into(),
            ],
        },
    );
    let [assoc, fishery, parents, seniors, school] = partners.try_into().expect("five partners");
    sc.talk(40);
    for (p, kind) in [
        (&rakusho, "welfare"),
        (&assoc, "residents"),
        (&fishery, "漁協"),
        (&parents, "residents"),
        (&seniors, "other"),
        (&school, "school"),
    ] {
        sc.kind(p, kind);
    }
    sc.timebox(1, 20);
    sc.timebox(2, 40);
    sc.timebox(3, 45);
    sc.timebox(4, 5);
    sc.timebox(5, 10);
    sc.text(TextField::Recorder, "鈴木（楽笑）");
    sc.meeting_list(
        MeetingList::Agenda,
        &[
            "楽笑から：施設を開いたときのこと",
            "地域のそれぞれの立場と困りごと",
            "パン工房で一緒にできること",
        ],
    );
    sc.start_time("10:00");

    // ---- Step 1: 楽笑 speaks first, including about the fear when it opened ----
    sc.at("10:02");
    sc.timer_start();
    sc.talk(150);
    sc.reps(&rakusho, &["地域連携担当 鈴木", "生活介護 支援員 河合"]);
    let r_member = sc.purposes(
        &rakusho,
        &["障がいのある人が「地域の一員」として暮らせるように"],
    );
    let r_open = sc.purposes(&rakusho, &["施設を、誰でも立ち寄れる場所にしたい"]);
    let r_wage = sc.purposes(&rakusho, &["利用者の仕事と工賃をつくりたい"]);
    sc.talk(120);
    let r_ch = sc.challenges(
        &rakusho,
        &[
            "開所のとき「何かあったら困る」と反対の声",
            "利用者が地域の人と話す機会がほとんどない",
            "送迎・調理の人手が職員だけでは足りない",
        ],
    );
    sc.talk(30);
    sc.strengths(
        &rakusho,
        &[
            "厨房とパン工房の設備",
            "福祉の専門職（支援員・看護師）",
            "送迎車と広い駐車場",
        ],
    );
    sc.notes(
        1,
        "反対の声があったことから正直に話した。\n「施設」ではなく「地域の場所」にしたい。",
    );

    // ---- Step 2: each side's position and problems ----
    sc.at("10:21");
    sc.step(2);
    sc.talk(120);
    sc.reps(&assoc, &["自治会長 竹内", "総代 牧野"]);
    let a_fest = sc.purposes(&assoc, &["秋祭り・地区の行事を続けたい"]);
    let a_watch = sc.purposes(&assoc, &["一人暮らしの高齢者を見守りたい"]);
    sc.talk(90);
    let a_ch = sc.challenges(
        &assoc,
        &[
            "施設の中が分からず「夜に大声がしたら」と不安な人がいる",
            "山車を引く若い人が足りない",
            "一人暮らしの高齢者が80世帯、組長だけでは見きれない",
        ],
    );
    sc.strengths(
        &assoc,
        &[
            "総代・組長を通じて全戸に話が届く",
            "神社・公民館・祭りのつながり",
        ],
    );

    sc.at("10:31");
    sc.reps(&fishery, &["組合長 稲垣"]);
    let f_hands = sc.purposes(&fishery, &["綱の手入れ・箱洗いの人手を確保したい"]);
    // 綱 (rope) for 網 (net): one stroke apart on the screen, caught by the 組合長.
    sc.talk(15);
    sc.text(
        TextField::Item(f_hands[0].clone()),
        "網の手入れ・箱洗いの人手を確保したい",
    );
    let f_local = sc.purposes(&fishery, &["地元の魚を地元の子どもに食べてもらいたい"]);
    sc.talk(60);
    let f_ch = sc.challenges(
        &fishery,
        &[
            "漁師はほぼ70代、陸の作業まで手が回らない",
            "小さい魚・傷のある魚は売れずに捨てている",
        ],
    );
    sc.strengths(&fishery, &["規格外だが新鮮な魚", "港の作業場"]);
    let ask_port = sc.action(
        "港の作業場を見に行ける日を組合長に聞く",
        "鈴木（楽笑）",
        "本日中",
        None,
    );

    sc.at("10:39");
    sc.reps(&parents, &["PTA副会長 山本", "母親 2人"]);
    let p_work = sc.purposes(
        &parents,
        &["家の近くで、子育てと両立できる短時間の仕事がしたい"],
    );
    let p_after = sc.purposes(&parents, &["放課後、子どもが安心して過ごせる場所がほしい"]);
    sc.talk(60);
    let p_ch = sc.challenges(
        &parents,
        &[
            "扶養の範囲で働ける近場の仕事がない",
            "共働きで、放課後に子どもが一人で過ごす",
        ],
    );
    sc.strengths(&parents, &["調理・接客の経験", "LINEの口コミ力"]);

    sc.at("10:47");
    sc.reps(&seniors, &["会長 大場"]);
    let s_role = sc.purposes(&seniors, &["退職後も役に立ちたい、出番がほしい"]);
    let s_place = sc.purposes(&seniors, &["仲間と気軽に集まれる場所がほしい"]);
    let s_ch = sc.challenges(&seniors, &["会員が減り、公民館の予約も取りにくい"]);
    sc.strengths(
        &seniors,
        &["元大工・元運転手・元漁師など多様な腕", "平日の昼間に動ける"],
    );

    sc.at("10:53");
    sc.reps(&school, &["教頭 岡本"]);
    let sch_meet = sc.purposes(
        &school,
        &["障がいのある人や働く大人と、子どもが出会う経験を"],
    );
    let sch_ch = sc.challenges(&school, &["福祉の学習が教科書だけで、実感がない"]);
    sc.strengths(&school, &["総合学習の時間", "子どもの好奇心"]);
    sc.talk(40);
    sc.notes(
        2,
        "「何かあったら」の中身は、夜の大声・子どもが怖がる。会ったことがないから不安。\n→ 会う機会をつくれば変わる、と総代さん。",
    );

    // ---- Step 3: activities that serve each side's own purpose ----
    sc.at("11:03");
    sc.step(3);
    sc.talk(200);
    let bakery = sc.activity(
        "パン工房とカフェ",
        "施設の表側にパン工房とカフェ。利用者が焼き、地域の母親が売り、シニアが配達",
        Coop::Mutual,
        &rakusho,
    );
    let port = sc.activity(
        "漁港のお手伝い",
        "利用者と支援員が週2回、網の手入れと箱洗い。元漁師のシニアが教える",
        Coop::Mutual,
        &fishery,
    );
    let canteen = sc.activity(
        "子ども食堂（月2回、港の魚で）",
        "カフェの厨房で、規格外の魚を使って夕食。利用者が配膳、母親が調理",
        Coop::Mutual,
        &rakusho,
    );
    let float = sc.activity(
        "秋祭りの山車を一緒に引く",
        "職員・利用者が山車の引き手と片付けに加わる",
        Coop::Mutual,
        &assoc,
    );
    sc.talk(90);
    sc.votes(&bakery, 11);
    sc.votes(&canteen, 9);
    sc.votes(&port, 6);
    sc.votes(&float, 5);
    // One sticker too many on the bakery: taken back.
    sc.votes(&bakery, 12);
    sc.undo();

    sc.at("11:13");
    sc.join(
        &bakery,
        &rakusho,
        "工房・厨房の運営、利用者の作業を組む",
        "利用者の仕事と工賃、地域の人が毎日来る",
        &[&r_open[0], &r_wage[0], &r_ch[1]],
    );
    sc.kinds(&bakery, &rakusho, &[K::Money, K::Psychological]);
    sc.join(
        &bakery,
        &parents,
        "10〜14時の販売・接客（パート）",
        "扶養内で近場の仕事、子どもの帰りに間に合う",
        &[&p_work[0], &p_ch[0]],
    );
    sc.kinds(&bakery, &parents, &[K::Money]);
    sc.join(
        &bakery,
        &seniors,
        "一人暮らしの家へパンの配達、店先の花壇",
        "出番ができ、カフェが仲間の集まる場所に",
        &[&s_role[0], &s_place[0], &s_ch[0]],
    );
    sc.kinds(&bakery, &seniors, &[K::Psychological]);
    sc.join(
        &bakery,
        &assoc,
        "回覧で開店を知らせる、配達を望む家を紹介",
        "施設の中が見えて不安が減る、配達が見守りに",
        &[&a_watch[0], &a_ch[0], &a_ch[2]],
    );
    sc.kinds(&bakery, &assoc, &[K::Situation]);
    sc.status(&bakery, Status::Planned);

    sc.at("11:22");
    // Asked over tea during step 2: the 組合長 said "the 18th of April, in the morning".
    sc.done(&ask_port);
    sc.join(
        &port,
        &fishery,
        "作業場と手順を用意",
        "網の手入れ・箱洗いの人手が確保できる",
        &[&f_hands[0], &f_ch[0]],
    );
    sc.join(
        &port,
        &rakusho,
        "利用者と支援員が週2回作業",
        "屋外の仕事と、漁師さんとの顔なじみ",
        &[&r_member[0], &r_wage[0]],
    );
    sc.join(
        &port,
        &seniors,
        "元漁師が網の繕いを教える",
        "昔の腕が生きる",
        &[&s_role[0]],
    );
    sc.status(&port, Status::Idea);

    sc.at("11:29");
    sc.join(
        &canteen,
        &rakusho,
        "厨房と場所、利用者が配膳",
        "子どもと利用者が自然に出会う",
        &[&r_member[0], &r_ch[0]],
    );
    sc.join(
        &canteen,
        &fishery,
        "規格外の魚を寄付",
        "捨てていた魚が子どもの夕食に、地元の魚のファンが育つ",
        &[&f_local[0], &f_ch[1]],
    );
    sc.join(
        &canteen,
        &parents,
        "調理ボランティア、LINEで周知",
        "放課後の子どもの居場所ができる",
        &[&p_after[0], &p_ch[1]],
    );
    sc.join(
        &canteen,
        &school,
        "チラシを配る、総合学習で見学",
        "障がいのある人と出会う、本物の学び",
        &[&sch_meet[0], &sch_ch[0]],
    );
    sc.status(&canteen, Status::Planned);

    sc.at("11:37");
    sc.join(
        &float,
        &assoc,
        "役割を用意、法被を貸す",
        "山車の引き手が増える",
        &[&a_fest[0], &a_ch[1]],
    );
    sc.join(
        &float,
        &rakusho,
        "職員・利用者が引き手と片付け",
        "地域の一員として祭りに出る",
        &[&r_member[0]],
    );
    sc.status(&float, Status::Idea);

    sc.at("11:42");
    sc.decision("パン工房は6月開店。開店前に内覧会を2回（総代さんの呼びかけで）");
    sc.decision("子ども食堂は夏休みから月2回で試す");
    let tour = sc.action(
        "内覧会の日程を回覧",
        "牧野（総代）・鈴木（楽笑）",
        "2026-04-10",
        Some(&bakery),
    );
    sc.action(
        "販売パートの募集をLINEで",
        "山本（PTA）",
        "2026-04-30",
        Some(&bakery),
    );
    sc.action(
        "漁港の作業を見学（支援員と利用者2人、朝8時）",
        "河合（楽笑）・稲垣（漁協）",
        "2026-04-18",
        Some(&port),
    );
    sc.action(
        "子ども食堂の衛生・保険の確認",
        "鈴木（楽笑）",
        "2026-06-30",
        Some(&canteen),
    );
    // The 総代 fixed the date of the 回覧 while still in the room.
    sc.talk(20);
    sc.text(TextField::ActionDue(tour.clone()), "2026-04-05");
    sc.park("パンの値段とレジ（現金・キャッシュレス）");
    sc.park("祭りの日の利用者の送迎");

    // ---- Step 5 (short) ----
    sc.at("11:49");
    sc.step(5);
    sc.talk(40);
    sc.idea(
        IdeaKind::Next,
        "子どもの「はじめてのおつかい」をパン工房で",
        "子どもが一人で来られる店に。地域の見守りにも",
        Some(&bakery),
    );
    sc.idea(
        IdeaKind::Invite,
        "市 障がい福祉課",
        "内覧会の後援、他の地区への紹介",
        None,
    );
    sc.notes(5, "まずは内覧会。会えば変わる。");
    sc.next_meeting("", "", "7月 開店1か月後に、同じ顔ぶれで");
    sc.at("11:58");
    sc.close();
    sc.finish("gamagori-rakusho.yaml")
}
