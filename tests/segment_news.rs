//! Hand-written news-style cases (English, Russian, Kazakh) in the style of
//! the seed reports: datelines, agency names, titles, initials, quotes,
//! headlines and captions without a final period, wrapped lines.

use tmkit::segment::{split, Segmenter};

#[track_caller]
fn check(lang: &str, text: &str, want: &[&str]) {
    let got: Vec<&str> = split(text, lang).iter().map(|s| s.text(text)).collect();
    assert_eq!(got, want, "lang {lang}, input {text:?}");
}

#[test]
fn english_datelines_agencies_titles() {
    check(
        "en",
        "ALMATY, Kazakhstan -- Police detained two activists on Sept. 14. The U.S. State Department said it was concerned.",
        &[
            "ALMATY, Kazakhstan -- Police detained two activists on Sept. 14.",
            "The U.S. State Department said it was concerned.",
        ],
    );
    check(
        "en",
        "One of the protesters, Aigul Serikova,told RFE/RL that she will stay. Gen. Marat Bekov declined to comment.",
        &[
            "One of the protesters, Aigul Serikova,told RFE/RL that she will stay.",
            "Gen. Marat Bekov declined to comment.",
        ],
    );
    check(
        "en",
        "Prof. D. K. Amanova of Nazarbayev University said the U.N. should act. Mr. Tokayev did not reply.",
        &[
            "Prof. D. K. Amanova of Nazarbayev University said the U.N. should act.",
            "Mr. Tokayev did not reply.",
        ],
    );
}

#[test]
fn english_initials_and_numbers() {
    check(
        "en",
        "Activist B. Kunbolat and J. R. Smith met at 9 a.m. on Monday. About 2.5 million people, or 1,000 villages, were affected.",
        &[
            "Activist B. Kunbolat and J. R. Smith met at 9 a.m. on Monday.",
            "About 2.5 million people, or 1,000 villages, were affected.",
        ],
    );
    check(
        "en",
        "The rally ended at 6 p.m. Police then cleared the square.",
        &[
            "The rally ended at 6 p.m.",
            "Police then cleared the square.",
        ],
    );
    check(
        "en",
        "The deal was signed with Kazatomprom Inc. It takes effect in May.",
        &[
            "The deal was signed with Kazatomprom Inc.",
            "It takes effect in May.",
        ],
    );
}

#[test]
fn english_quotes_and_dashes() {
    check(
        "en",
        "\"Where is my son?\" she asked. \"We will not leave!\" the protesters shouted.",
        &[
            "\"Where is my son?\" she asked.",
            "\"We will not leave!\" the protesters shouted.",
        ],
    );
    check(
        "en",
        "She called the verdict \u{201c}unjust.\u{201d} Her lawyer will appeal.",
        &[
            "She called the verdict \u{201c}unjust.\u{201d}",
            "Her lawyer will appeal.",
        ],
    );
    check(
        "en",
        "The camps -- officially called \"vocational centers\" -- hold Kazakhs too. China denies abuse.",
        &[
            "The camps -- officially called \"vocational centers\" -- hold Kazakhs too.",
            "China denies abuse.",
        ],
    );
}

#[test]
fn english_headlines_captions_and_wrapped_lines() {
    check(
        "en",
        "Kazakh Police Dismantle Protest Tent\n\nA protest near the Chinese Consulate in Almaty in March\nPolice in Almaty have dismantled a tent set up by\nprotesters. Some of them stayed\nall night.",
        &[
            "Kazakh Police Dismantle Protest Tent",
            "A protest near the Chinese Consulate in Almaty in March",
            "Police in Almaty have dismantled a tent set up by\nprotesters.",
            "Some of them stayed\nall night.",
        ],
    );
    check(
        "en",
        "Kazakhs Protest For 100th Day In Almaty\nplease wait\n\nNo media source currently available",
        &[
            "Kazakhs Protest For 100th Day In Almaty",
            "please wait",
            "No media source currently available",
        ],
    );
    check(
        "en",
        "Read more:\n\u{2022} Police detain activists\n\u{2022} Court fines protesters",
        &[
            "Read more:",
            "\u{2022} Police detain activists",
            "\u{2022} Court fines protesters",
        ],
    );
}

#[test]
fn english_urls_and_email() {
    check(
        "en",
        "Details are at www.rferl.org/a/31234.html. Write to news@rferl.org. We reply.",
        &[
            "Details are at www.rferl.org/a/31234.html.",
            "Write to news@rferl.org.",
            "We reply.",
        ],
    );
}

#[test]
fn english_crlf_bom_nbsp_tabs() {
    let text = "\u{FEFF}Police came.\u{a0}They left.\r\n\r\nNext\tparagraph here.\r\n";
    check(
        "en",
        text,
        &["Police came.", "They left.", "Next\tparagraph here."],
    );
}

#[test]
fn russian_quotes_dialogue_abbreviations() {
    check(
        "ru",
        "«Мы не уйдём, пока родных не освободят», — сказала Н. Ибраева. Полиция отказалась от комментариев.",
        &[
            "«Мы не уйдём, пока родных не освободят», — сказала Н. Ибраева.",
            "Полиция отказалась от комментариев.",
        ],
    );
    check(
        "ru",
        "«Почему нас задерживают?» — спросила другая женщина. Ответа не было.",
        &[
            "«Почему нас задерживают?» — спросила другая женщина.",
            "Ответа не было.",
        ],
    );
    check(
        "ru",
        "В 2019 г. в г. Алматы прошло 15 акций, т.е. больше, чем в 2018 г. Это сообщил им. Абая музей.",
        &["В 2019 г. в г. Алматы прошло 15 акций, т.е. больше, чем в 2018 г. Это сообщил им. Абая музей."],
    );
    check(
        "ru",
        "Штраф составил 150 тыс. руб. Суд оставил его в силе. Участники требуют вернуть документы и т.д. Полиция молчит.",
        &[
            "Штраф составил 150 тыс. руб.",
            "Суд оставил его в силе.",
            "Участники требуют вернуть документы и т.д.",
            "Полиция молчит.",
        ],
    );
    check(
        "ru",
        "В лагерях содержатся до 2 млн человек. Акция прошла на ул. Абая, д. 12, и др. улицах.",
        &[
            "В лагерях содержатся до 2 млн человек.",
            "Акция прошла на ул. Абая, д. 12, и др. улицах.",
        ],
    );
    check(
        "ru",
        "АЛМАТЫ. Полиция задержала активистов у консульства Китая. Об этом сообщило „Радио Азаттык“.",
        &[
            "АЛМАТЫ. Полиция задержала активистов у консульства Китая.",
            "Об этом сообщило „Радио Азаттык“.",
        ],
    );
}

#[test]
fn russian_headline_lines() {
    check(
        "ru",
        "Полиция Алматы снесла палатку протестующих\nАктивисты провели у консульства 20-ю ночь.",
        &[
            "Полиция Алматы снесла палатку протестующих",
            "Активисты провели у консульства 20-ю ночь.",
        ],
    );
}

#[test]
fn kazakh_quotes_dialogue_abbreviations() {
    check(
        "kk",
        "«Туыстарымыз босатылмайынша кетпейміз», — деді ол. Полиция пікір білдірмеді.",
        &[
            "«Туыстарымыз босатылмайынша кетпейміз», — деді ол.",
            "Полиция пікір білдірмеді.",
        ],
    );
    check(
        "kk",
        "2019 ж. Алматыда 15 акция өтті. Айыппұл 15 млн теңге болды. Сот оны өзгеріссіз қалдырды.",
        &[
            "2019 ж. Алматыда 15 акция өтті.",
            "Айыппұл 15 млн теңге болды.",
            "Сот оны өзгеріссіз қалдырды.",
        ],
    );
    check(
        "kk",
        "Олар құжаттарды, төлқұжаттарды т.б. талап етеді. Бұл туралы Н. Ибраева хабарлады.",
        &[
            "Олар құжаттарды, төлқұжаттарды т.б. талап етеді.",
            "Бұл туралы Н. Ибраева хабарлады.",
        ],
    );
    check(
        "kk",
        "Наразылар үй, жер т.с.с. мәселелерді көтерді. XX ғ. басында бұл аумақ басқаша болды.",
        &[
            "Наразылар үй, жер т.с.с. мәселелерді көтерді.",
            "XX ғ. басында бұл аумақ басқаша болды.",
        ],
    );
    check(
        "kk",
        "Бұл шынымен рас па? деп сұрады журналист. Жауап болмады.",
        &[
            "Бұл шынымен рас па? деп сұрады журналист.",
            "Жауап болмады.",
        ],
    );
    check(
        "kk",
        "Ол қайда? не болды? Ешкім білмейді.",
        &["Ол қайда?", "не болды?", "Ешкім білмейді."],
    );
}

#[test]
fn user_abbreviations() {
    let text = "He met Acad. Zhumabekov there. Then Depy. Nurlanov spoke.";
    let seg = Segmenter::new("en").with_abbreviations(["Acad.", "Depy"]);
    let got: Vec<&str> = seg.split(text).iter().map(|s| s.text(text)).collect();
    assert_eq!(
        got,
        [
            "He met Acad. Zhumabekov there.",
            "Then Depy. Nurlanov spoke."
        ]
    );
}

#[test]
fn abbrev_file_errors_name_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.txt");
    std::fs::write(&path, "Acad\n[final]\nbad entry\n").expect("write");
    let err = Segmenter::new("en")
        .with_abbrev_file(&path)
        .expect_err("invalid entry");
    let msg = err.to_string();
    assert!(msg.contains("mine.txt:3"), "{msg}");
    let missing = Segmenter::new("en")
        .with_abbrev_file(dir.path().join("nope.txt"))
        .expect_err("missing file");
    assert!(missing.to_string().contains("nope.txt"));
}

#[test]
fn generic_language_falls_back() {
    let seg = Segmenter::new("de-DE");
    assert_eq!(seg.lang(), "de-de");
    let text = "Das ist gut. Dr. Weber kommt morgen. 東京は晴れ。大阪は雨。";
    let got: Vec<&str> = seg.split(text).iter().map(|s| s.text(text)).collect();
    assert_eq!(
        got,
        [
            "Das ist gut.",
            "Dr. Weber kommt morgen.",
            "東京は晴れ。",
            "大阪は雨。"
        ]
    );
}

#[test]
fn pathological_inputs_finish() {
    // Linear time: a megabyte of each finishes quickly even in debug builds.
    let n = 1 << 20;
    let start = std::time::Instant::now();
    for unit in [
        ".", "7", "\"", "a.", ". ", "Mr. ", "\n", "«", "1) ", "ab.Cd", "• ", "т. б. ",
    ] {
        let text = unit.repeat(n / unit.len());
        let segs = split(&text, "en");
        assert!(segs.iter().all(|s| s.start < s.end));
    }
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
fn exclamations_and_questions_inside_quotations_that_go_on() {
    // A chant or a question quoted mid-sentence: the sentence goes on.
    check(
        "en",
        "Protesters chanted \"Free our relatives!\" outside the consulate. Police watched.",
        &[
            "Protesters chanted \"Free our relatives!\" outside the consulate.",
            "Police watched.",
        ],
    );
    check(
        "kk",
        "Олар «Туыстарымыз қайда?» атты акция өткізді. Полиция келді.",
        &[
            "Олар «Туыстарымыз қайда?» атты акция өткізді.",
            "Полиция келді.",
        ],
    );
    check(
        "kk",
        "Белсенділер «Оян, Qazaqstan!» қозғалысының мүшелері. Олар ұсталды.",
        &[
            "Белсенділер «Оян, Qazaqstan!» қозғалысының мүшелері.",
            "Олар ұсталды.",
        ],
    );
    // A movement whose name ends in "!", then a person's name.
    check(
        "ru",
        "Лидер движения «Оян, Qazaqstan!» Думан Мухаммедкарим задержан. Суд назначил штраф.",
        &[
            "Лидер движения «Оян, Qazaqstan!» Думан Мухаммедкарим задержан.",
            "Суд назначил штраф.",
        ],
    );
    check(
        "en",
        "Members of the movement \"Wake Up, Kazakhstan!\" Dias Kuzairov and Aigerim Tleuzhan were fined.",
        &["Members of the movement \"Wake Up, Kazakhstan!\" Dias Kuzairov and Aigerim Tleuzhan were fined."],
    );
    // A quoted exclamation that does end the sentence still does.
    check(
        "ru",
        "Он крикнул «Стой!» Полиция пришла. Активисты движения «Оян!» Потом ушли.",
        &[
            "Он крикнул «Стой!»",
            "Полиция пришла.",
            "Активисты движения «Оян!»",
            "Потом ушли.",
        ],
    );
    check(
        "en",
        "He shouted \"Stop!\" Police then left.",
        &["He shouted \"Stop!\"", "Police then left."],
    );
}

#[test]
fn shortened_compass_points_in_place_names() {
    check(
        "ru",
        "Жители Сев. Казахстана и Юж. Казахстана пострадали. В Вост. Казахстане тоже.",
        &[
            "Жители Сев. Казахстана и Юж. Казахстана пострадали.",
            "В Вост. Казахстане тоже.",
        ],
    );
    check(
        "ru",
        "Полиция задержала 5 человек в Зап. Казахстане. Суд назначил штраф.",
        &[
            "Полиция задержала 5 человек в Зап. Казахстане.",
            "Суд назначил штраф.",
        ],
    );
    check(
        "kk",
        "Наразылық Солт. Қазақстан облысында және Оңт. Қазақстанда өтті. Полиция келді.",
        &[
            "Наразылық Солт. Қазақстан облысында және Оңт. Қазақстанда өтті.",
            "Полиция келді.",
        ],
    );
    check(
        "kk",
        "Шығ. Қазақстан мен Бат. Қазақстан облыстарында жағдай оң. Бұл жақсы.",
        &[
            "Шығ. Қазақстан мен Бат. Қазақстан облыстарында жағдай оң.",
            "Бұл жақсы.",
        ],
    );
}

#[test]
fn reference_markers_between_sentences() {
    check(
        "en",
        "The camp opened in 2017.[10][11] 2019 was worse. It closed.[3] Police left.",
        &[
            "The camp opened in 2017.[10][11]",
            "2019 was worse.",
            "It closed.[3]",
            "Police left.",
        ],
    );
    check(
        "ru",
        "Лагерь открыли в 2017 году.[10][11] 2019 год был хуже.",
        &["Лагерь открыли в 2017 году.[10][11]", "2019 год был хуже."],
    );
    // Not a marker: letters, or a reference followed by a lower-case word.
    check(
        "en",
        "See rule no.[4] for details. Done.",
        &["See rule no.[4] for details.", "Done."],
    );
}
