# The trap set's articles (original text written for Tidings, CC0). Six groups of two events that share their main
# actors or places; each event is reported in five languages and at least two scripts. People, sites and quotes
# are fictional; places are real. make-trap.py turns this list into samples-trap/ with gold.json.
# Fields: story slug, language, script, site, format (html with a publication date, or txt without), date, title, body.

A = []

def add(story, lang, script, site, fmt, date, title, body):
    A.append(dict(story=story, lang=lang, script=script, site=site, fmt=fmt, date=date, title=title, body=body))

# ---- 1. Two summits of the same two leaders, four weeks apart ------------------------------------------------
add("summit-lisbon-energy", "en", "Latn", "globewire", "html", "2025-03-12",
    "Brandt and Morel sign €4.2 billion power link deal in Lisbon",
    ["German Chancellor Helga Brandt and French President Étienne Morel signed an agreement in Lisbon on 12 March to build a 2,000-kilometre high-voltage line linking the Iberian grid with central Europe.",
     "The €4.2 billion project is meant to carry solar power from Portugal and Spain northwards from 2029. Portuguese Prime Minister Rui Castanheira hosted the talks at the Belém palace and called the deal \"a spine for Europe's clean electricity\"."])
add("summit-lisbon-energy", "de", "Latn", "tagesblick", "html", "2025-03-12",
    "Brandt und Morel besiegeln in Lissabon Stromtrasse für 4,2 Milliarden Euro",
    ["Bundeskanzlerin Helga Brandt und der französische Präsident Étienne Morel haben am 12. März in Lissabon den Bau einer 2.000 Kilometer langen Hochspannungsleitung vereinbart.",
     "Die Trasse soll ab 2029 Solarstrom von der Iberischen Halbinsel nach Mitteleuropa bringen und kostet 4,2 Milliarden Euro. Gastgeber Rui Castanheira sprach von einem historischen Tag für den Strommarkt."])
add("summit-lisbon-energy", "fr", "Latn", "lecourrier", "txt", None,
    "À Lisbonne, Morel et Brandt lancent une ligne électrique de 4,2 milliards d'euros",
    ["Le président Étienne Morel et la chancelière Helga Brandt ont signé mercredi 12 mars à Lisbonne l'accord sur une ligne à haute tension de 2 000 kilomètres entre la péninsule Ibérique et l'Europe centrale.",
     "Le chantier, estimé à 4,2 milliards d'euros, doit acheminer l'électricité solaire portugaise et espagnole vers le nord à partir de 2029, selon le Premier ministre portugais Rui Castanheira."])
add("summit-lisbon-energy", "ru", "Cyrl", "novaya-lenta", "html", "2025-03-12",
    "Брандт и Морель подписали в Лиссабоне соглашение о ЛЭП за 4,2 млрд евро",
    ["Канцлер Германии Хельга Брандт и президент Франции Этьен Морель 12 марта подписали в Лиссабоне соглашение о строительстве высоковольтной линии длиной 2000 километров.",
     "Линия стоимостью 4,2 млрд евро должна с 2029 года передавать солнечную энергию из Португалии и Испании в Центральную Европу. Переговоры принимал премьер-министр Португалии Руй Каштаньейра."])
add("summit-lisbon-energy", "zh", "Hans", "jiangnan-times", "txt", None,
    "布兰特与莫雷尔在里斯本签署42亿欧元输电线路协议",
    ["德国总理黑尔加·布兰特和法国总统艾蒂安·莫雷尔3月12日在里斯本签署协议，将修建一条长2000公里的高压输电线路，把伊比利亚电网与中欧相连。",
     "该项目耗资42亿欧元，计划从2029年起把葡萄牙和西班牙的太阳能电力输往北方。葡萄牙总理鲁伊·卡斯塔涅拉主持了会谈。"])

add("summit-vienna-migration", "en", "Latn", "dailyledger", "html", "2025-04-09",
    "Brandt and Morel agree 18-point border plan at Vienna meeting",
    ["Helga Brandt and Étienne Morel met again on 9 April, this time in Vienna, and agreed an 18-point plan on asylum procedures and border controls.",
     "Under the plan Germany and France will send 1,500 border officers to the EU's external frontiers by autumn. Austrian Chancellor Miriam Hofbauer, who hosted the meeting at the Hofburg, said the two leaders had \"finally put numbers on the table\"."])
add("summit-vienna-migration", "de", "Latn", "morgenbote", "txt", None,
    "Wiener Treffen: Brandt und Morel einigen sich auf 18-Punkte-Plan zur Migration",
    ["Kanzlerin Helga Brandt und Präsident Étienne Morel haben sich am Mittwoch, dem 9. April, in Wien auf einen 18-Punkte-Plan für Asylverfahren und Grenzschutz verständigt.",
     "Beide Länder wollen bis zum Herbst 1.500 Grenzbeamte an die EU-Außengrenzen schicken. Die österreichische Kanzlerin Miriam Hofbauer empfing die Gäste in der Hofburg."])
add("summit-vienna-migration", "es", "Latn", "eldiario-norte", "html", "2025-04-09",
    "Brandt y Morel pactan en Viena un plan de 18 puntos sobre fronteras",
    ["La canciller alemana Helga Brandt y el presidente francés Étienne Morel acordaron el 9 de abril en Viena un plan de 18 puntos sobre asilo y control fronterizo.",
     "Alemania y Francia enviarán 1.500 agentes a las fronteras exteriores de la UE antes del otoño. La canciller austriaca Miriam Hofbauer fue la anfitriona del encuentro."])
add("summit-vienna-migration", "bg", "Cyrl", "sofia-dnes", "html", "2025-04-09",
    "Брант и Морел се договориха във Виена за план от 18 точки за границите",
    ["Германският канцлер Хелга Брант и френският президент Етиен Морел приеха на 9 април във Виена план от 18 точки за убежището и граничния контрол.",
     "Двете държави ще изпратят 1500 гранични служители по външните граници на ЕС до есента. Срещата беше домакинствана от австрийския канцлер Мириам Хофбауер."])
add("summit-vienna-migration", "ja", "Jpan", "kanto-nippo", "txt", None,
    "ブラント首相とモレル大統領、ウィーンで国境対策18項目計画に合意",
    ["ドイツのヘルガ・ブラント首相とフランスのエティエンヌ・モレル大統領は4月9日、ウィーンで会談し、難民申請と国境管理に関する18項目の計画で合意した。",
     "両国は秋までにEUの域外国境へ国境警備官1500人を派遣する。会談はオーストリアのミリアム・ホーフバウアー首相が主催した。"])

# ---- 2. Two earthquakes in Peru, four days apart ------------------------------------------------------------
add("peru-quake-arequipa", "en", "Latn", "globewire", "html", "2025-05-04",
    "Magnitude 6.1 earthquake near Arequipa kills five in southern Peru",
    ["A magnitude 6.1 earthquake struck near Arequipa in southern Peru on Sunday, 4 May, killing five people and injuring 120, the national civil defence institute said.",
     "The quake hit at a depth of 35 kilometres shortly after 3 a.m. Several colonial churches in Arequipa's old town were damaged, and 40 aftershocks were recorded by noon."])
add("peru-quake-arequipa", "es", "Latn", "eldiario-norte", "html", "2025-05-04",
    "Sismo de magnitud 6,1 sacude Arequipa: cinco muertos y 120 heridos",
    ["Un sismo de magnitud 6,1 remeció Arequipa la madrugada del domingo 4 de mayo y dejó cinco fallecidos y 120 heridos, informó Defensa Civil.",
     "El movimiento tuvo su epicentro a 35 kilómetros de profundidad. Varias iglesias coloniales del centro histórico sufrieron daños y se registraron 40 réplicas."])
add("peru-quake-arequipa", "ru", "Cyrl", "novaya-lenta", "txt", None,
    "Землетрясение магнитудой 6,1 у Арекипы унесло жизни пяти человек",
    ["Землетрясение магнитудой 6,1 произошло 4 мая у города Арекипа на юге Перу. Погибли пять человек, 120 получили ранения, сообщила служба гражданской обороны.",
     "Очаг находился на глубине 35 километров. В историческом центре Арекипы повреждены несколько колониальных церквей, зафиксировано 40 афтершоков."])
add("peru-quake-arequipa", "ar", "Arab", "sada-alkhaleej", "html", "2025-05-04",
    "زلزال بقوة 6.1 درجة قرب أريكيبا يقتل خمسة أشخاص في جنوب بيرو",
    ["ضرب زلزال بقوة 6.1 درجة منطقة أريكيبا في جنوب بيرو فجر الأحد 4 مايو، ما أسفر عن مقتل خمسة أشخاص وإصابة 120 آخرين، بحسب الدفاع المدني.",
     "ووقع الزلزال على عمق 35 كيلومترا، وتضررت عدة كنائس تاريخية في وسط أريكيبا، وسُجلت 40 هزة ارتدادية."])
add("peru-quake-arequipa", "fr", "Latn", "horizon-info", "txt", None,
    "Pérou : un séisme de magnitude 6,1 fait cinq morts près d'Arequipa",
    ["Un séisme de magnitude 6,1 a frappé la région d'Arequipa, dans le sud du Pérou, dans la nuit du 4 mai, faisant cinq morts et 120 blessés.",
     "Le foyer se situait à 35 kilomètres de profondeur. Plusieurs églises coloniales du centre historique d'Arequipa ont été endommagées ; 40 répliques ont suivi."])

add("peru-quake-cusco", "en", "Latn", "dailyledger", "txt", None,
    "Magnitude 5.4 quake shakes Cusco, damaging 300 homes",
    ["A magnitude 5.4 earthquake shook the Cusco region of Peru on Thursday, 8 May, damaging about 300 adobe homes and injuring 14 people. No deaths were reported.",
     "The shallow quake, at a depth of 12 kilometres, briefly halted trains to Machu Picchu while engineers checked the track. It came four days after a deadlier tremor further south."])
add("peru-quake-cusco", "es", "Latn", "mercados-hoy", "html", "2025-05-08",
    "Temblor de magnitud 5,4 en Cusco daña 300 viviendas de adobe",
    ["Un temblor de magnitud 5,4 sacudió Cusco el jueves 8 de mayo y dañó unas 300 viviendas de adobe; hubo 14 heridos y ningún fallecido.",
     "El sismo, superficial, a 12 kilómetros de profundidad, obligó a suspender por unas horas los trenes a Machu Picchu para revisar las vías."])
add("peru-quake-cusco", "de", "Latn", "hanse-anzeiger", "html", "2025-05-08",
    "Erdbeben der Stärke 5,4 in Cusco beschädigt 300 Häuser",
    ["Ein Erdbeben der Stärke 5,4 hat am Donnerstag, dem 8. Mai, die Region Cusco in Peru erschüttert. Rund 300 Lehmhäuser wurden beschädigt, 14 Menschen verletzt, Tote gab es nicht.",
     "Das Beben lag nur 12 Kilometer tief. Die Züge nach Machu Picchu standen einige Stunden still, während die Gleise geprüft wurden."])
add("peru-quake-cusco", "zh", "Hans", "jiangnan-times", "html", "2025-05-08",
    "秘鲁库斯科发生5.4级地震 300栋房屋受损",
    ["秘鲁库斯科地区5月8日发生5.4级地震，约300栋土坯房受损，14人受伤，没有人员死亡。",
     "震源深度12公里。前往马丘比丘的火车一度停运数小时，工程人员检查了铁轨。"])
add("peru-quake-cusco", "uk", "Cyrl", "lvivski-visti", "txt", None,
    "Землетрус магнітудою 5,4 у Куско пошкодив 300 будинків",
    ["Землетрус магнітудою 5,4 стався 8 травня в регіоні Куско в Перу. Пошкоджено близько 300 глинобитних будинків, 14 людей поранено, загиблих немає.",
     "Осередок був на глибині 12 кілометрів. Потяги до Мачу-Пікчу кілька годин не курсували, поки інженери перевіряли колію."])

# ---- 3. A match and its rematch, four days apart --------------------------------------------------------------
add("football-sao-paulo", "en", "Latn", "wirebrief", "html", "2025-06-14",
    "Brazil edge Argentina 2-1 in São Paulo friendly",
    ["Brazil beat Argentina 2-1 in a friendly in São Paulo on Saturday, 14 June, in front of 61,000 fans. Rafael Nunes scored twice for the hosts before Tomás Aguirre pulled one back in the 88th minute.",
     "Brazil coach Marcelo Duarte praised his young midfield, while Argentina's Julián Ferreyra said his side would \"answer on Wednesday\" in the second leg."])
add("football-sao-paulo", "pt", "Latn", "jornal-atlantico", "html", "2025-06-14",
    "Brasil vence a Argentina por 2 a 1 no amistoso em São Paulo",
    ["O Brasil venceu a Argentina por 2 a 1 neste sábado, 14 de junho, em São Paulo, diante de 61 mil torcedores. Rafael Nunes marcou os dois gols brasileiros; Tomás Aguirre descontou aos 88 minutos.",
     "O técnico Marcelo Duarte elogiou o meio-campo, e Julián Ferreyra prometeu resposta no jogo de volta."])
add("football-sao-paulo", "es", "Latn", "eldiario-norte", "txt", None,
    "Argentina cae 2-1 ante Brasil en el amistoso de São Paulo",
    ["La selección argentina perdió 2-1 ante Brasil el sábado 14 de junio en São Paulo, con 61.000 espectadores. Rafael Nunes anotó dos goles y Tomás Aguirre descontó en el minuto 88.",
     "Julián Ferreyra, seleccionador argentino, anunció cambios para la revancha; Marcelo Duarte celebró el triunfo brasileño."])
add("football-sao-paulo", "el", "Grek", "i-proini", "html", "2025-06-14",
    "Η Βραζιλία νίκησε 2-1 την Αργεντινή στο Σάο Πάολο",
    ["Η Βραζιλία επικράτησε 2-1 της Αργεντινής σε φιλικό αγώνα στο Σάο Πάολο το Σάββατο 14 Ιουνίου, μπροστά σε 61.000 θεατές. Ο Ραφαέλ Νούνες σκόραρε δύο φορές και ο Τομάς Αγκίρε μείωσε στο 88ο λεπτό.",
     "Ο προπονητής Μαρσέλο Ντουάρτε μίλησε για σημαντική νίκη, ενώ ο Χουλιάν Φερέιρα υποσχέθηκε απάντηση στη ρεβάνς."])
add("football-sao-paulo", "ja", "Jpan", "hoshi-shimbun", "txt", None,
    "ブラジル、サンパウロでアルゼンチンに2対1で勝利",
    ["サッカーの国際親善試合が6月14日、サンパウロで行われ、ブラジルがアルゼンチンに2対1で勝った。観客は6万1000人。ラファエル・ヌネスが2得点し、アルゼンチンはトマス・アギーレが88分に1点を返した。",
     "ブラジルのマルセロ・ドゥアルテ監督は若手を称賛し、アルゼンチンのフリアン・フェレイラ監督は再戦での雪辱を誓った。"])

add("football-buenos-aires", "en", "Latn", "globewire", "txt", None,
    "Argentina thrash Brazil 3-0 in Buenos Aires rematch",
    ["Argentina beat Brazil 3-0 in Buenos Aires on Wednesday, 18 June, four days after losing the first friendly. Tomás Aguirre, Lautaro Benítez and Iván Correa scored in front of 54,000 spectators.",
     "\"We answered,\" coach Julián Ferreyra said. Brazil's Marcelo Duarte, whose side had Rafael Nunes sent off in the 40th minute, called the result a lesson."])
add("football-buenos-aires", "pt", "Latn", "folha-do-sul", "html", "2025-06-18",
    "Argentina goleia o Brasil por 3 a 0 em Buenos Aires",
    ["A Argentina goleou o Brasil por 3 a 0 na quarta-feira, 18 de junho, em Buenos Aires, diante de 54 mil torcedores. Marcaram Tomás Aguirre, Lautaro Benítez e Iván Correa.",
     "Rafael Nunes foi expulso aos 40 minutos. O técnico Marcelo Duarte admitiu a superioridade argentina; Julián Ferreyra falou em resposta à derrota de sábado."])
add("football-buenos-aires", "es", "Latn", "la-voz-del-plata", "html", "2025-06-18",
    "Argentina golea 3-0 a Brasil en la revancha de Buenos Aires",
    ["Argentina se tomó revancha y goleó 3-0 a Brasil el miércoles 18 de junio en Buenos Aires, ante 54.000 personas. Los goles fueron de Tomás Aguirre, Lautaro Benítez e Iván Correa.",
     "Brasil jugó con diez desde el minuto 40 por la expulsión de Rafael Nunes. \"Respondimos en la cancha\", dijo Julián Ferreyra."])
add("football-buenos-aires", "ru", "Cyrl", "sport-vesti", "html", "2025-06-18",
    "Аргентина разгромила Бразилию 3:0 в ответном матче в Буэнос-Айресе",
    ["Сборная Аргентины 18 июня обыграла Бразилию со счетом 3:0 в товарищеском матче в Буэнос-Айресе. Голы забили Томас Агирре, Лаутаро Бенитес и Иван Корреа, за игрой следили 54 000 зрителей.",
     "Бразильцы с 40-й минуты играли вдесятером после удаления Рафаэла Нунеса. Тренер Хулиан Феррейра назвал победу ответом на поражение в первом матче."])
add("football-buenos-aires", "ar", "Arab", "sada-alkhaleej", "txt", None,
    "الأرجنتين تسحق البرازيل بثلاثية في بوينس آيرس",
    ["فازت الأرجنتين على البرازيل بثلاثة أهداف دون رد في مباراة ودية في بوينس آيرس يوم الأربعاء 18 يونيو أمام 54 ألف متفرج. وسجل الأهداف توماس أغيري ولاوتارو بينيتيث وإيفان كوريا.",
     "ولعبت البرازيل بعشرة لاعبين منذ الدقيقة 40 بعد طرد رافاييل نونيس، وقال المدرب خوليان فيريرا إن فريقه رد على خسارة المباراة الأولى."])

# ---- 4. Two rate decisions of one central bank, eight weeks apart ----------------------------------------------
add("boj-raise-january", "en", "Latn", "mercury-finance", "html", "2025-01-24",
    "Bank of Japan raises interest rate to 0.5%, highest in 17 years",
    ["The Bank of Japan raised its short-term policy rate from 0.25% to 0.5% on Friday, 24 January, its highest level in 17 years. Eight of the nine board members voted for the increase.",
     "Governor Haruto Sato told reporters in Tokyo that wages were rising fast enough to justify the move. The yen strengthened to 154 per dollar after the decision."])
add("boj-raise-january", "ja", "Jpan", "kanto-nippo", "html", "2025-01-24",
    "日銀、政策金利を0.5%に引き上げ　17年ぶりの水準",
    ["日本銀行は1月24日、短期の政策金利を0.25%から0.5%に引き上げることを決めた。17年ぶりの高い水準で、政策委員9人のうち8人が賛成した。",
     "佐藤陽翔総裁は東京での記者会見で、賃金の上昇が続いていると説明した。決定後、円相場は1ドル=154円台に上昇した。"])
add("boj-raise-january", "zh", "Hans", "jiangnan-times", "txt", None,
    "日本央行加息至0.5% 创17年来新高",
    ["日本央行1月24日宣布将短期政策利率从0.25%上调至0.5%，为17年来最高水平。九名政策委员中有八人投票赞成。",
     "行长佐藤阳翔在东京表示，工资上涨足以支持这一决定。日元兑美元随后升至154日元。"])
add("boj-raise-january", "de", "Latn", "handelsecho", "txt", None,
    "Bank of Japan hebt Leitzins auf 0,5 Prozent an",
    ["Die japanische Notenbank hat am Freitag, dem 24. Januar, ihren Leitzins von 0,25 auf 0,5 Prozent angehoben, den höchsten Stand seit 17 Jahren. Acht von neun Mitgliedern des Rates stimmten zu.",
     "Gouverneur Haruto Sato verwies in Tokio auf steigende Löhne. Der Yen legte auf 154 je Dollar zu."])
add("boj-raise-january", "ru", "Cyrl", "delovoy-vestnik", "html", "2025-01-24",
    "Банк Японии повысил ставку до 0,5% — максимума за 17 лет",
    ["Банк Японии 24 января повысил краткосрочную ставку с 0,25% до 0,5%, это самый высокий уровень за 17 лет. За решение проголосовали восемь из девяти членов правления.",
     "Управляющий Харуто Сато заявил в Токио, что рост зарплат оправдывает этот шаг. Иена укрепилась до 154 за доллар."])

add("boj-hold-march", "en", "Latn", "dailyledger", "html", "2025-03-19",
    "Bank of Japan holds rate at 0.5%, flags US tariff risks",
    ["The Bank of Japan kept its policy rate unchanged at 0.5% on Wednesday, 19 March, in a unanimous 9-0 vote, citing uncertainty over new US tariffs on cars.",
     "Governor Haruto Sato said in Tokyo the bank would \"take time\" before raising rates again. Exporters' shares rose 1.8% after the announcement, and the yen weakened to 149 per dollar."])
add("boj-hold-march", "ja", "Jpan", "hoshi-shimbun", "txt", None,
    "日銀、金利0.5%で据え置き　米関税の影響を注視",
    ["日本銀行は3月19日の金融政策決定会合で、政策金利を0.5%に据え置くことを全員一致で決めた。米国の自動車関税をめぐる不透明感を理由に挙げた。",
     "佐藤陽翔総裁は東京で「次の利上げには時間をかける」と述べた。発表後、輸出関連株が1.8%上昇し、円は1ドル=149円に下落した。"])
add("boj-hold-march", "zh", "Hans", "huanan-daily", "html", "2025-03-19",
    "日本央行维持0.5%利率不变 关注美国关税风险",
    ["日本央行3月19日以9票对0票一致决定将政策利率维持在0.5%不变，理由是美国汽车关税带来的不确定性。",
     "行长佐藤阳翔在东京表示，再次加息前将\"花些时间\"观察。消息公布后出口股上涨1.8%，日元贬至149日元兑1美元。"])
add("boj-hold-march", "fr", "Latn", "lecourrier", "html", "2025-03-19",
    "La Banque du Japon maintient son taux à 0,5 %",
    ["La Banque du Japon a laissé son taux directeur inchangé à 0,5 % le mercredi 19 mars, à l'unanimité de son conseil (9 voix contre 0), invoquant les droits de douane américains sur l'automobile.",
     "Son gouverneur, Haruto Sato, a indiqué à Tokyo qu'il prendrait son temps avant une nouvelle hausse. Le yen a reculé à 149 pour un dollar."])
add("boj-hold-march", "ko", "Kore", "hanbit-ilbo", "txt", None,
    "일본은행, 기준금리 0.5% 동결…미국 관세 우려",
    ["일본은행은 3월 19일 금융정책결정회의에서 기준금리를 0.5%로 동결하기로 만장일치로 결정했다. 미국의 자동차 관세를 둘러싼 불확실성을 이유로 들었다.",
     "사토 하루토 총재는 도쿄에서 추가 인상에는 시간을 두겠다고 말했다. 발표 뒤 수출주가 1.8% 올랐고 엔화는 달러당 149엔으로 약세를 보였다."])

# ---- 5. Two eruptions at one Icelandic fissure, four weeks apart -----------------------------------------------
add("iceland-eruption-november", "en", "Latn", "globewire", "html", "2025-11-20",
    "Volcano erupts near Grindavík, 4,000 evacuated",
    ["A volcanic fissure about 3 kilometres long opened north of Grindavík on Iceland's Reykjanes peninsula late on 20 November, the Icelandic Meteorological Office said.",
     "Police evacuated 4,000 residents and guests, and the Blue Lagoon spa closed. Lava fountains rose up to 50 metres, but Reykjavík's Keflavík airport stayed open."])
add("iceland-eruption-november", "de", "Latn", "tagesblick", "txt", None,
    "Vulkanausbruch bei Grindavík: 4.000 Menschen in Sicherheit gebracht",
    ["Nördlich von Grindavík auf der isländischen Halbinsel Reykjanes hat sich am späten Abend des 20. November eine rund drei Kilometer lange Spalte geöffnet.",
     "4.000 Einwohner und Gäste wurden evakuiert, die Blaue Lagune geschlossen. Die Lavafontänen erreichten bis zu 50 Meter Höhe; der Flughafen Keflavík blieb in Betrieb."])
add("iceland-eruption-november", "ru", "Cyrl", "novaya-lenta", "html", "2025-11-20",
    "Возле Гриндавика началось извержение вулкана, эвакуированы 4000 человек",
    ["Вечером 20 ноября к северу от Гриндавика на полуострове Рейкьянес в Исландии открылась трещина длиной около трех километров.",
     "Полиция эвакуировала 4000 жителей и туристов, курорт «Голубая лагуна» закрыт. Фонтаны лавы поднимались на 50 метров, аэропорт Кефлавик продолжил работу."])
add("iceland-eruption-november", "el", "Grek", "i-proini", "html", "2025-11-20",
    "Έκρηξη ηφαιστείου κοντά στο Γκρίνταβικ – απομακρύνθηκαν 4.000 άνθρωποι",
    ["Ρωγμή μήκους περίπου 3 χιλιομέτρων άνοιξε βόρεια του Γκρίνταβικ, στη χερσόνησο Ρέικιανες της Ισλανδίας, το βράδυ της 20ής Νοεμβρίου.",
     "Η αστυνομία απομάκρυνε 4.000 κατοίκους και επισκέπτες και η Γαλάζια Λιμνοθάλασσα έκλεισε. Οι πίδακες λάβας έφτασαν τα 50 μέτρα."])
add("iceland-eruption-november", "zh", "Hans", "jiangnan-times", "txt", None,
    "冰岛格林达维克附近火山喷发 4000人撤离",
    ["冰岛气象局说，11月20日深夜，冰岛雷克雅内斯半岛格林达维克以北出现一条长约3公里的裂缝，火山开始喷发。",
     "警方疏散了4000名居民和游客，蓝湖温泉关闭。熔岩喷泉高达50米，凯夫拉维克机场照常运行。"])

add("iceland-eruption-december", "en", "Latn", "wirebrief", "txt", None,
    "Second eruption in a month: lava reaches Grindavík's defence walls",
    ["A new fissure, about 1.2 kilometres long, opened near Grindavík on 18 December, four weeks after the previous eruption, and lava flowed against the earth walls built to protect the town.",
     "Only about 40 people had returned to Grindavík since November, and all were evacuated again within an hour. Civil protection chief Víðir Jónsson said the walls were holding."])
add("iceland-eruption-december", "fr", "Latn", "horizon-info", "html", "2025-12-18",
    "Islande : nouvelle éruption près de Grindavík, la lave atteint les digues",
    ["Une nouvelle fissure d'environ 1,2 kilomètre s'est ouverte près de Grindavík le 18 décembre, quatre semaines après l'éruption de novembre. La lave s'est arrêtée contre les digues de terre qui protègent la ville.",
     "Les quelque 40 habitants revenus depuis novembre ont de nouveau été évacués. Selon Víðir Jónsson, chef de la protection civile, les digues tiennent."])
add("iceland-eruption-december", "es", "Latn", "eldiario-norte", "html", "2025-12-18",
    "Nueva erupción junto a Grindavík: la lava llega a los muros de contención",
    ["Una fisura de 1,2 kilómetros se abrió el 18 de diciembre cerca de Grindavík, cuatro semanas después de la erupción de noviembre, y la lava alcanzó los muros de tierra levantados para proteger el pueblo.",
     "Las cerca de 40 personas que habían vuelto fueron evacuadas de nuevo. Víðir Jónsson, jefe de protección civil, aseguró que los muros resisten."])
add("iceland-eruption-december", "bg", "Cyrl", "sofia-dnes", "txt", None,
    "Ново изригване край Гриндавик: лавата стигна защитните валове",
    ["Нова пукнатина с дължина около 1,2 километра се отвори край Гриндавик на 18 декември, четири седмици след ноемврийското изригване. Лавата спря до земните валове, изградени за защита на града.",
     "Около 40-те души, завърнали се след ноември, отново бяха евакуирани. Шефът на гражданската защита Видир Йоунсон заяви, че валовете издържат."])
add("iceland-eruption-december", "ja", "Jpan", "kanto-nippo", "html", "2025-12-18",
    "アイスランド・グリンダビーク近郊で再噴火　溶岩が防護壁に到達",
    ["アイスランドのグリンダビーク近郊で12月18日、長さ約1.2キロの割れ目が新たに開き、噴火が始まった。11月の噴火から4週間後で、溶岩は町を守るために造られた土の防護壁まで達した。",
     "11月以降に戻っていた約40人は再び避難した。市民防衛当局のビーディル・ヨンソン氏は、防護壁は持ちこたえていると述べた。"])

# ---- 6. Two launches of one rocket from one spaceport, three weeks apart ---------------------------------------
add("ariane-weather-september", "en", "Latn", "dailyledger", "html", "2025-09-03",
    "Ariane 6 lifts 5,100 kg weather satellite from Kourou",
    ["Europe's Ariane 6 rocket launched the Aurora-2 weather satellite from the Kourou spaceport in French Guiana on 3 September. The 5,100-kilogram satellite separated 34 minutes after lift-off.",
     "Marta Lindqvist, the European Space Agency's director of launchers, called it \"a textbook flight\". Aurora-2 will watch storms over Europe and Africa from geostationary orbit."])
add("ariane-weather-september", "fr", "Latn", "lecourrier", "txt", None,
    "Ariane 6 place en orbite le satellite météo Aurora-2 depuis Kourou",
    ["La fusée Ariane 6 a décollé le 3 septembre de Kourou, en Guyane, avec à son bord le satellite météorologique Aurora-2, de 5 100 kilogrammes, séparé 34 minutes après le lancement.",
     "Marta Lindqvist, directrice des lanceurs de l'Agence spatiale européenne, a salué un vol parfait."])
add("ariane-weather-september", "de", "Latn", "morgenbote", "html", "2025-09-03",
    "Ariane 6 bringt Wettersatelliten Aurora-2 ins All",
    ["Die europäische Rakete Ariane 6 ist am 3. September vom Weltraumbahnhof Kourou in Französisch-Guayana gestartet und hat den 5.100 Kilogramm schweren Wettersatelliten Aurora-2 ausgesetzt, 34 Minuten nach dem Abheben.",
     "ESA-Trägerdirektorin Marta Lindqvist sprach von einem Bilderbuchflug."])
add("ariane-weather-september", "ru", "Cyrl", "kosmos-segodnya", "txt", None,
    "Ariane 6 вывела на орбиту метеоспутник Aurora-2 массой 5100 кг",
    ["Европейская ракета Ariane 6 3 сентября стартовала с космодрома Куру во Французской Гвиане и вывела на орбиту метеорологический спутник Aurora-2 массой 5100 килограммов. Отделение произошло через 34 минуты.",
     "Директор ЕКА по ракетам-носителям Марта Линдквист назвала полет образцовым."])
add("ariane-weather-september", "zh", "Hans", "huanan-daily", "html", "2025-09-03",
    "阿丽亚娜6号从库鲁发射5100公斤气象卫星",
    ["欧洲阿丽亚娜6号火箭9月3日从法属圭亚那库鲁航天发射场升空，将重5100公斤的Aurora-2气象卫星送入轨道，卫星在起飞34分钟后分离。",
     "欧洲航天局运载火箭主管玛尔塔·林德奎斯特称这是一次\"教科书式的飞行\"。"])

add("ariane-navigation-september", "en", "Latn", "globewire", "txt", None,
    "Ariane 6 launches two Galileo navigation satellites",
    ["An Ariane 6 rocket carried two Galileo navigation satellites into orbit from Kourou on 24 September, three weeks after its weather-satellite mission. The pair, each weighing 750 kilograms, were released after 3 hours and 55 minutes.",
     "The launch brings Europe's Galileo system to 30 satellites, said Marta Lindqvist, ESA's director of launchers."])
add("ariane-navigation-september", "fr", "Latn", "horizon-info", "html", "2025-09-24",
    "Deux satellites Galileo lancés par Ariane 6 depuis la Guyane",
    ["Ariane 6 a lancé le 24 septembre depuis Kourou deux satellites de navigation Galileo de 750 kilogrammes chacun, libérés 3 heures et 55 minutes après le décollage.",
     "La constellation européenne compte désormais 30 satellites, a précisé Marta Lindqvist, directrice des lanceurs de l'ESA."])
add("ariane-navigation-september", "it", "Latn", "gazzettina", "html", "2025-09-24",
    "Ariane 6 porta in orbita due satelliti Galileo",
    ["Il razzo Ariane 6 ha lanciato il 24 settembre da Kourou, nella Guyana francese, due satelliti di navigazione Galileo da 750 chilogrammi ciascuno, rilasciati dopo 3 ore e 55 minuti di volo.",
     "Con questo lancio il sistema Galileo arriva a 30 satelliti, ha detto Marta Lindqvist, direttrice dei lanciatori dell'ESA."])
add("ariane-navigation-september", "uk", "Cyrl", "lvivski-visti", "html", "2025-09-24",
    "Ariane 6 вивела на орбіту два супутники Galileo",
    ["Ракета Ariane 6 24 вересня стартувала з космодрому Куру у Французькій Гвіані та вивела на орбіту два навігаційні супутники Galileo масою по 750 кілограмів. Їх відокремили через 3 години 55 хвилин.",
     "Тепер система Galileo налічує 30 супутників, повідомила директорка ЄКА з ракет-носіїв Марта Ліндквіст."])
add("ariane-navigation-september", "ar", "Arab", "sada-alkhaleej", "txt", None,
    "صاروخ أريان 6 يطلق قمرين للملاحة من نظام غاليليو",
    ["أطلق صاروخ أريان 6 الأوروبي يوم 24 سبتمبر من قاعدة كورو في غويانا الفرنسية قمرين للملاحة من نظام Galileo يزن كل منهما 750 كيلوغراما، وانفصلا بعد 3 ساعات و55 دقيقة.",
     "وقالت مارتا ليندكفيست، مديرة الصواريخ في وكالة الفضاء الأوروبية ESA، إن النظام أصبح يضم 30 قمرا."])
