//! Edinburgh's festivals: six public and private bodies back one festival organisation, each for
//! a purpose of its own (the nation's brand, residents' jobs, tourism, cultural exchange, trade
//! and investment, artists' livelihoods), and the activity is the same. A first partners'
//! workshop in February, planning the next August: steps 1, 2, 3 and a short 5. In English.

use sori::core::session::{Coop, IdeaKind, Lang, MeetingList, Status, TextField};
use sori::core::start::{MeetingDetails, NewSession};

use super::{Generated, Script};
use sori::core::session::BenefitKind as K;

pub fn generate() -> Generated {
    let (mut sc, fest, partners) = Script::new_session(
        "2026-02-10T09:38:00+00:00",
        NewSession {
            title: "Festival city partners: one festival, six purposes".into(),
            details: MeetingDetails {
                venue: "City Chambers, Edinbrugh".into(),
                facilitator: "Fiona Campbell (independent facilitator)".into(),
                ..MeetingDetails::default()
            },
            start: None,
            lang: Lang::En,
            host: Some("Festivals Edinburgh (festival NPO)".into()),
            parties: vec![
                "Scottish Government".into(),
                "City of Edinburgh Council".into(),
                "VisitScotland".into(),
                "British Council Scotland".into(),
                "Edinburgh Chamber of Commerce".into(),
                "Creative Scotland".into(),
            ],
        },
    );
    let [gov, council, visit, british, chamber, creative] =
        partners.try_into().expect("six partners");
    sc.talk(50);
    sc.text(TextField::Venue, "City Chambers, Edinburgh");
    for (p, kind) in [
        (&fest, "npo"),
        (&gov, "government"),
        (&council, "government"),
        (&visit, "tourism agency"),
        (&british, "international exchange"),
        (&chamber, "business"),
        (&creative, "arts funder"),
    ] {
        sc.kind(p, kind);
    }
    sc.timebox(1, 15);
    sc.timebox(2, 35);
    sc.timebox(3, 50);
    sc.timebox(4, 5);
    sc.timebox(5, 15);
    sc.text(
        TextField::Recorder,
        "Ewan Murray (City of Edinburgh Council)",
    );
    sc.meeting_list(
        MeetingList::Agenda,
        &[
            "What each partner wants from the festival",
            "One shared activity that serves every purpose",
            "How we will know it worked",
        ],
    );
    sc.start_time("10:00");

    // ---- Step 1: what the festival organisation wants ----
    sc.at("10:03");
    sc.timer_start();
    sc.talk(120);
    sc.reps(
        &fest,
        &["Alison Reid, director", "Tom Baird, programme lead"],
    );
    let f_open = sc.purposes(&fest, &["Stay world-class and open to new artists"]);
    let f_city = sc.purposes(
        &fest,
        &["Festivals that belong to the whole city, not only the Old Town"],
    );
    let f_funding = sc.purposes(
        &fest,
        &["Multi-year funding instead of year-by-year grants"],
    );
    sc.talk(90);
    let f_ch = sc.challenges(
        &fest,
        &[
            "Artists and crews cannot afford August rents; two companies pulled out last year",
            "Six funders ask for six different reports with different numbers",
            "Old Town residents are tired of crowds, noise and litter",
        ],
    );
    sc.strengths(
        &fest,
        &[
            "A global name and audiences in the millions",
            "Venues, programme teams and volunteers",
            "Ticketing and audience survey data",
        ],
    );
    sc.notes(
        1,
        "We cannot keep growing in August alone. The question is how each partner gets what it needs from the same festival.",
    );

    // ---- Step 2: each partner's purposes, in their own words ----
    sc.at("10:17");
    sc.step(2);
    sc.talk(60);
    sc.reps(&gov, &["Morag Fraser, culture and major events"]);
    let g_brand = sc.purposes(&gov, &["Scotland's international reputation and brand"]);
    let g_soft = sc.purposes(
        &gov,
        &["Culture as part of Scotland's international relations"],
    );
    let g_ch = sc.challenges(
        &gov,
        &["Must show Parliament value for money from festival funding"],
    );
    sc.strengths(
        &gov,
        &[
            "National funding",
            "Scotland's international offices",
            "Ministers at openings",
        ],
    );

    sc.at("10:23");
    sc.reps(
        &council,
        &[
            "Cllr Euan Stewart, culture convener",
            "Priya Shah, events officer",
        ],
    );
    let c_jobs = sc.purposes(&council, &["Jobs and income for residents all year round"]);
    let c_works = sc.purposes(
        &council,
        &["A city that still works for residents in August"],
    );
    sc.talk(60);
    let c_ch = sc.challenges(
        &council,
        &[
            "Complaints about crowding, short-term lets and street cleaning",
            "Cleansing and policing costs fall on the council budget",
        ],
    );
    sc.strengths(
        &council,
        &[
            "Licensing, parks and public spaces",
            "Community centres and libraries in every ward",
        ],
    );

    sc.at("10:30");
    sc.reps(&visit, &["Graham Ross, regional director"]);
    let v_beyond = sc.purposes(
        &visit,
        &["Visitors who stay longer and travel beyond Edinburgh"],
    );
    let v_year = sc.purposes(&visit, &["Tourism spread across the year, not only August"]);
    let v_ch = sc.challenges(
        &visit,
        &[
            "Hotels full in August, half empty in January",
            "Festival visitors rarely see the rest of Scotland",
        ],
    );
    sc.strengths(
        &visit,
        &["International marketing and travel trade", "Visitor data"],
    );

    sc.at("10:36");
    sc.reps(&british, &["Helen Murray, arts"]);
    let b_exchange = sc.purposes(
        &british,
        &["Cultural exchange between UK artists and the world"],
    );
    let b_booked = sc.purposes(
        &british,
        &["UK companies booked by international programmers"],
    );
    sc.talk(45);
    let b_ch = sc.challenges(
        &british,
        &[
            "Visa delays keep artists from some countries away",
            "Programmers see hundreds of shows and miss Scottish work",
        ],
    );
    sc.strengths(
        &british,
        &[
            "The Edinburgh Showcase for international delegates",
            "Offices in over 100 countries",
        ],
    );

    sc.at("10:42");
    sc.reps(&chamber, &["Neil Kerr, policy"]);
    let ch_trade = sc.purposes(&chamber, &["Footfall and trade for member businesses"]);
    let ch_invest = sc.purposes(&chamber, &["Investment into the city"]);
    let ch_ch = sc.challenges(
        &chamber,
        &[
            "Businesses outside the centre see little August trade",
            "Hospitality cannot find or house staff in August",
        ],
    );
    sc.strengths(
        &chamber,
        &["Over 1,000 member businesses", "Sponsorship contacts"],
    );

    sc.at("10:47");
    sc.reps(&creative, &["Kirsty Anderson, theatre and dance"]);
    let cr_living = sc.purposes(
        &creative,
        &["Artists in Scotland can make a living from their work"],
    );
    let cr_reach = sc.purposes(&creative, &["Culture reaches people who rarely take part"]);
    let cr_ch = sc.challenges(
        &creative,
        &["Scottish artists priced out of their own festival"],
    );
    sc.strengths(
        &creative,
        &[
            "Multi-year funding programme",
            "Knowledge of the Scottish arts sector",
        ],
    );
    sc.talk(30);
    sc.notes(
        2,
        "Same festival, six different reasons to back it. Nobody said 'more visitors in August'.",
    );

    // ---- Step 3: shared activities, each party's role and benefit ----
    sc.at("10:53");
    sc.step(3);
    sc.talk(240);
    let wards = sc.activity(
        "Festival in every ward",
        "Free festival shows and artist residencies in community centres across the city, outside the Old Town",
        Coop::Mutual,
        &council,
    );
    let showcase = sc.activity(
        "International delegates and the Scottish showcase",
        "60 international programmers for a week; a curated route through Scottish work; travel afterwards",
        Coop::Mutual,
        &british,
    );
    let housing = sc.activity(
        "Affordable August rooms for artists",
        "University halls and residents' spare rooms at a fixed fair price, matched through one platform",
        Coop::Mutual,
        &fest,
    );
    let report = sc.activity(
        "One impact report for all six funders",
        "Agreed shared indicators; the festival collects once, each funder reads its own page",
        Coop::Supported,
        &fest,
    );
    let winter = sc.activity(
        "Winter festivals as one year-round campaign",
        "Market the winter festivals with the summer ones, one calendar, one brand",
        Coop::Mutual,
        &visit,
    );
    sc.talk(120);
    sc.votes(&wards, 8);
    sc.votes(&housing, 8);
    sc.votes(&report, 6);
    sc.votes(&showcase, 5);
    sc.votes(&winter, 3);
    // A slip on the keypad: 13 for 3, undone at once.
    sc.votes(&winter, 13);
    sc.undo();

    sc.at("11:05");
    sc.join(
        &wards,
        &council,
        "Community centres, licences, local promotion",
        "Residents get something from the festival; fewer complaints",
        &[&c_works[0], &c_ch[0]],
    );
    sc.kinds(&wards, &council, &[K::Situation]);
    sc.join(
        &wards,
        &fest,
        "Programme the shows and pay the artists",
        "The festival belongs to the whole city; new audiences",
        &[&f_city[0], &f_ch[2]],
    );
    sc.kinds(&wards, &fest, &[K::Psychological]);
    sc.join(
        &wards,
        &creative,
        "Fund artist fees and residencies",
        "Culture reaches people who rarely take part",
        &[&cr_reach[0]],
    );
    sc.kinds(&wards, &creative, &[K::Psychological]);
    sc.join(
        &wards,
        &chamber,
        "Local businesses host and sponsor shows",
        "Footfall outside the centre",
        &[&ch_trade[0], &ch_ch[0]],
    );
    sc.kinds(&wards, &chamber, &[K::Money]);
    sc.join(
        &wards,
        &visit,
        "'See the real Edinburgh' itineraries",
        "Visitors spread beyond the Old Town",
        &[&v_beyond[0]],
    );
    sc.kinds(&wards, &visit, &[K::Situation]);
    sc.status(&wards, Status::Planned);

    sc.at("11:12");
    sc.join(
        &showcase,
        &british,
        "Invite and host the delegates",
        "UK companies booked abroad; exchange both ways",
        &[&b_exchange[0], &b_booked[0], &b_ch[1]],
    );
    sc.join(
        &showcase,
        &gov,
        "Co-fund; host the opening reception",
        "Scotland's reputation with the people who shape world stages",
        &[&g_brand[0], &g_soft[0]],
    );
    sc.join(
        &showcase,
        &creative,
        "Select and support Scottish companies",
        "Scottish artists earn touring income",
        &[&cr_living[0]],
    );
    sc.join(
        &showcase,
        &fest,
        "Tickets, schedules and venues for the delegates",
        "Programmers come back year after year",
        &[&f_open[0]],
    );
    sc.join(
        &showcase,
        &visit,
        "Travel packages for the delegates' extra days",
        "Longer stays outside Edinburgh",
        &[&v_beyond[0], &v_ch[1]],
    );
    sc.status(&showcase, Status::Running);

    // Coffee.
    sc.at("11:22");
    sc.timer_stop();
    let room = sc.action(
        "Book this room for the May meeting",
        "Priya Shah (Council)",
        "Today",
        None,
    );
    sc.at("11:30");
    sc.timer_start();
    sc.done(&room);
    sc.join(
        &housing,
        &fest,
        "Run the matching platform; set the fair price",
        "Companies can afford to come",
        &[&f_open[0], &f_ch[0]],
    );
    sc.join(
        &housing,
        &council,
        "Negotiate university halls; check licensing",
        "Less pressure on short-term lets in residential streets",
        &[&c_ch[0]],
    );
    sc.join(
        &housing,
        &chamber,
        "Sponsorship from hotels and businesses",
        "Rooms for seasonal hospitality staff too",
        &[&ch_ch[1]],
    );
    sc.join(
        &housing,
        &creative,
        "Bursaries for Scottish artists",
        "Artists are not priced out of their own festival",
        &[&cr_living[0], &cr_ch[0]],
    );
    sc.status(&housing, Status::Planned);

    sc.at("11:38");
    sc.join(
        &report,
        &fest,
        "Collect the data once, write the report",
        "One report instead of six; a basis for multi-year funding",
        &[&f_funding[0], &f_ch[1]],
    );
    sc.join(
        &report,
        &gov,
        "Agree the shared indicators",
        "Value-for-money evidence for Parliament",
        &[&g_ch[0]],
    );
    sc.join(
        &report,
        &council,
        "Add residents' jobs and costs",
        "Evidence of what residents gain and pay",
        &[&c_ch[1]],
    );
    sc.join(
        &report,
        &chamber,
        "Survey member businesses' August trade",
        "Numbers to show investors",
        &[&ch_invest[0]],
    );
    sc.status(&report, Status::Idea);

    sc.at("11:44");
    sc.join(
        &winter,
        &visit,
        "Lead the campaign and the travel trade",
        "Winter visitors; hotels fuller in January",
        &[&v_year[0], &v_ch[0]],
    );
    sc.join(
        &winter,
        &council,
        "Winter events on council land",
        "Jobs that last beyond August",
        &[&c_jobs[0]],
    );
    sc.join(
        &winter,
        &chamber,
        "Member offers in the winter calendar",
        "Trade in the quiet months; a year-round city to invest in",
        &[&ch_trade[0], &ch_invest[0]],
    );
    sc.status(&winter, Status::Idea);

    sc.at("11:49");
    sc.decision("Start the ward programme in four wards this August");
    sc.decision("Draft shared indicators before the funders' next round");
    sc.action(
        "Ask the three universities about August halls",
        "Priya Shah (Council)",
        "2026-03-13",
        Some(&housing),
    );
    sc.action(
        "Draft the shared indicators, one page",
        "Tom Baird (Festivals Edinburgh)",
        "2026-03-31",
        Some(&report),
    );
    sc.action(
        "Shortlist four wards and their community centres",
        "Euan Stewart (Council)",
        "2026-03-06",
        Some(&wards),
    );
    sc.action(
        "Delegate list and dates for the showcase",
        "Helen Murray (British Council)",
        "2026-04-30",
        Some(&showcase),
    );
    sc.park("Visitor levy from July 2026: can part of it fund the ward programme?");
    sc.park("Short-term let licensing: outside this group's remit");

    // ---- Step 5 (short) ----
    sc.at("11:53");
    sc.step(5);
    sc.talk(30);
    sc.idea(
        IdeaKind::Invite,
        "The city's universities",
        "Empty halls in August; students as volunteers and audiences",
        Some(&housing),
    );
    sc.idea(
        IdeaKind::Invite,
        "Lothian Buses",
        "Late-night buses to the wards; fewer crowds in the Old Town",
        Some(&wards),
    );
    sc.idea(
        IdeaKind::Scale,
        "Take the showcase route to Celtic Connections in Glasgow",
        "A winter delegates' week; serves the year-round campaign too",
        Some(&showcase),
    );
    sc.notes(4, "Evaluation after the festival, at the October meeting.");
    sc.notes(
        5,
        "Invite the universities and Lothian Buses to the next meeting.",
    );
    sc.next_meeting(
        "2026-05-12 10:00",
        "City Chambers",
        "wards, rooms and indicators",
    );
    sc.at("11:59");
    sc.close();
    sc.finish("edinburgh-festivals.yaml")
}
