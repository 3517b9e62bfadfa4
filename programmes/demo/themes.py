"""The seven themes of the catalogue (seed 001: the fields the region is strong in)."""

from __future__ import annotations

from dataclasses import dataclass

from .text import Block, T, heading, paragraph


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    title: T
    summary: T
    body: list[Block]
    motif: str
    palette: str


WHAT_YOU_SEE = T("What delegations see", "Mitä vierailijat näkevät", "Vad delegationerna får se")
WHY_IT_MATTERS = T("Why it matters", "Miksi sillä on merkitystä", "Varför det spelar roll")

THEMES: list[ThemeSpec] = [
    ThemeSpec(
        slug="rescue-services-and-preparedness",
        title=T(
            "Rescue services and preparedness",
            "Pelastustoimi ja varautuminen",
            "Räddningsväsende och beredskap",
        ),
        summary=T(
            "How a Finnish region prevents accidents, trains for the worst day and keeps help "
            "arriving within minutes — with professional and volunteer rescuers side by side.",
            "Miten suomalainen maakunta ehkäisee onnettomuuksia, harjoittelee pahimman päivän "
            "varalle ja varmistaa, että apu on perillä minuuteissa – ammattilaiset ja "
            "vapaaehtoiset rinnakkain.",
            "Hur ett finländskt landskap förebygger olyckor, övar inför den värsta dagen och ser "
            "till att hjälpen är framme inom några minuter – med yrkesfolk och frivilliga sida "
            "vid sida.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Live exercises at the regional training ground, a rescue boat on Lake "
                    "Saimaa and the people who run them: professional firefighters, contract "
                    "firefighters who hold other jobs, and volunteers who are alerted through the "
                    "same system. The conversations cover response times in sparsely populated "
                    "areas, training, equipment sharing and the cost of it all.</p>",
                    "<p>Harjoituksia alueellisella harjoituskentällä, pelastusvene Saimaalla ja "
                    "ihmiset niiden takana: ammattipalomiehet, muun työn ohessa toimivat "
                    "sopimuspalokuntalaiset ja vapaaehtoiset, jotka hälytetään samalla "
                    "järjestelmällä. Keskusteluissa puhutaan toimintavalmiudesta harvaan "
                    "asutuilla alueilla, koulutuksesta, kaluston yhteiskäytöstä ja "
                    "kustannuksista.</p>",
                    "<p>Övningar på det regionala övningsfältet, en räddningsbåt på Saimen och "
                    "människorna bakom dem: yrkesbrandmän, avtalsbrandmän som har andra jobb vid "
                    "sidan om och frivilliga som larmas via samma system. Samtalen handlar om "
                    "insatstider i glesbygd, utbildning, gemensam användning av materiel och vad "
                    "allt kostar.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>Preparedness is a legal duty for Finnish authorities, municipalities and "
                    "many companies, but it only works when it is practised together. South "
                    "Savo's long distances and lake landscape make cooperation a necessity rather "
                    "than a slogan.</p>",
                    "<p>Varautuminen on suomalaisten viranomaisten, kuntien ja monien yritysten "
                    "lakisääteinen velvollisuus, mutta se toimii vain, kun sitä harjoitellaan "
                    "yhdessä. Etelä-Savon pitkät etäisyydet ja järvimaisema tekevät yhteistyöstä "
                    "välttämättömyyden eikä pelkän iskulauseen.</p>",
                    "<p>Beredskap är en lagstadgad skyldighet för finländska myndigheter, kommuner "
                    "och många företag, men den fungerar bara när man övar tillsammans. De långa "
                    "avstånden och sjölandskapet i Södra Savolax gör samarbetet till en "
                    "nödvändighet snarare än en slogan.</p>",
                )
            ),
        ],
        motif="beacon",
        palette="rescue",
    ),
    ThemeSpec(
        slug="defence-and-comprehensive-security",
        title=T(
            "Defence and comprehensive security",
            "Maanpuolustus ja kokonaisturvallisuus",
            "Försvar och övergripande säkerhet",
        ),
        summary=T(
            "The Finnish model of comprehensive security: authorities, business, organisations "
            "and citizens preparing together — seen from Mikkeli, the historical Headquarters "
            "city.",
            "Suomalainen kokonaisturvallisuuden malli: viranomaiset, elinkeinoelämä, järjestöt ja "
            "kansalaiset varautuvat yhdessä – historiallisen päämajakaupungin Mikkelin "
            "näkökulmasta.",
            "Den finländska modellen för övergripande säkerhet: myndigheter, näringsliv, "
            "organisationer och medborgare förbereder sig tillsammans – sett från S:t Michel, "
            "den historiska högkvartersstaden.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Finland prepares for crises through comprehensive security: the "
                    "authorities, business, organisations and citizens share the work of keeping "
                    "society's vital functions running. Delegations see the model at municipal "
                    "and regional level — in a situation centre, a civil-defence shelter, a "
                    "preparedness forum — and meet the people who make it work.</p>",
                    "<p>Suomi varautuu kriiseihin kokonaisturvallisuuden mallilla: viranomaiset, "
                    "elinkeinoelämä, järjestöt ja kansalaiset jakavat vastuun yhteiskunnan "
                    "elintärkeiden toimintojen turvaamisesta. Vierailijat näkevät mallin kunnan ja "
                    "maakunnan tasolla – tilannekeskuksessa, väestönsuojassa ja valmiusfoorumissa "
                    "– ja tapaavat ihmiset, jotka saavat sen toimimaan.</p>",
                    "<p>Finland förbereder sig för kriser genom övergripande säkerhet: "
                    "myndigheterna, näringslivet, organisationerna och medborgarna delar ansvaret "
                    "för att samhällets vitala funktioner fungerar. Delegationerna ser modellen på "
                    "kommunal och regional nivå – i en lägescentral, ett skyddsrum och ett "
                    "beredskapsforum – och möter människorna som får den att fungera.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>Mikkeli was the seat of the General Headquarters in 1939–1944. The city's "
                    "heritage sites open a discussion that no conference room can: how a society "
                    "builds the will to defend itself and the trust between citizens and "
                    "authorities that preparedness rests on.</p>",
                    "<p>Mikkeli oli päämajan sijaintipaikka vuosina 1939–1944. Kaupungin "
                    "perintökohteet avaavat keskustelun, johon mikään kokoushuone ei pysty: miten "
                    "yhteiskunta rakentaa maanpuolustustahdon ja sen luottamuksen kansalaisten ja "
                    "viranomaisten välillä, jonka varaan varautuminen rakentuu.</p>",
                    "<p>S:t Michel var säte för högkvarteret åren 1939–1944. Stadens "
                    "kulturarvsplatser öppnar ett samtal som inget konferensrum kan: hur ett "
                    "samhälle bygger upp försvarsviljan och det förtroende mellan medborgare och "
                    "myndigheter som beredskapen vilar på.</p>",
                )
            ),
        ],
        motif="shield",
        palette="defence",
    ),
    ThemeSpec(
        slug="safe-water-food-and-environment",
        title=T(
            "Safe water, food and environment",
            "Turvallinen vesi, ruoka ja ympäristö",
            "Säkert vatten, livsmedel och miljö",
        ),
        summary=T(
            "From the Saimaa lake system to the dinner table: how water utilities, food producers "
            "and laboratories keep the basics of life safe — and what they do when something "
            "goes wrong.",
            "Saimaan vesistöstä ruokapöytään: miten vesilaitokset, elintarvikeyritykset ja "
            "laboratoriot pitävät elämän perusedellytykset turvallisina – ja mitä ne tekevät, "
            "kun jokin menee vikaan.",
            "Från Saimens vattendrag till matbordet: hur vattenverk, livsmedelsproducenter och "
            "laboratorier håller livets grundförutsättningar säkra – och vad de gör när något "
            "går fel.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Follow water from the lake intake through treatment and the control room "
                    "to the tap, and food from the field and the lake through processing to the "
                    "shelf. At each step, the people responsible show how hazards are identified "
                    "and controlled, and what happens when a sample fails.</p>",
                    "<p>Seuraa vettä järven ottamolta puhdistuksen ja valvomon kautta hanaan ja "
                    "ruokaa pellolta ja järveltä jalostuksen kautta kaupan hyllylle. Jokaisessa "
                    "vaiheessa vastuuhenkilöt näyttävät, miten vaarat tunnistetaan ja hallitaan ja "
                    "mitä tapahtuu, kun näyte ei täytä vaatimuksia.</p>",
                    "<p>Följ vattnet från intaget i sjön genom beredningen och kontrollrummet till "
                    "kranen, och maten från åkern och sjön genom förädlingen till hyllan. I varje "
                    "steg visar de ansvariga hur risker identifieras och hanteras och vad som "
                    "händer när ett prov inte håller måttet.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>In South Savo environmental and water technology, food safety and security "
                    "expertise meet. Laboratories, utilities and companies work with the rescue "
                    "services and the health authorities, so that a contamination incident is a "
                    "well-rehearsed routine rather than a surprise.</p>",
                    "<p>Etelä-Savossa ympäristö- ja vesiteknologian, elintarviketurvallisuuden ja "
                    "turvallisuuden osaaminen kohtaavat. Laboratoriot, vesilaitokset ja yritykset "
                    "tekevät yhteistyötä pelastustoimen ja terveysviranomaisten kanssa, jotta "
                    "saastumistilanne on hyvin harjoiteltu rutiini eikä yllätys.</p>",
                    "<p>I Södra Savolax möts kunnande inom miljö- och vattenteknik, "
                    "livsmedelssäkerhet och säkerhet. Laboratorier, vattenverk och företag "
                    "samarbetar med räddningsväsendet och hälsomyndigheterna, så att en "
                    "föroreningsincident är en väl inövad rutin och inte en överraskning.</p>",
                )
            ),
        ],
        motif="waves",
        palette="water",
    ),
    ThemeSpec(
        slug="chemical-biological-and-radiation-risks",
        title=T(
            "Chemical, biological and radiation risks",
            "Kemialliset, biologiset ja säteilyriskit",
            "Kemiska, biologiska och radiologiska risker",
        ),
        summary=T(
            "Detecting, measuring and responding to chemical, biological and radiation hazards — "
            "from early-warning stations to the decontamination line.",
            "Kemiallisten, biologisten ja säteilyvaarojen havaitseminen, mittaaminen ja torjunta "
            "– varhaisvaroitusasemilta puhdistuslinjalle.",
            "Att upptäcka, mäta och bekämpa kemiska, biologiska och radiologiska faror – från "
            "varningsstationer till saneringslinjen.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Safe forests, water and food face chemical, biological and radiation risks "
                    "in today's world. Delegations see how measurement stations detect a release, "
                    "how field teams sample under protection, and how firefighters and paramedics "
                    "set up a decontamination line and treat contaminated casualties.</p>",
                    "<p>Turvallista metsää, vettä ja ruokaa uhkaavat nykymaailmassa kemialliset, "
                    "biologiset ja säteilyyn liittyvät riskit. Vierailijat näkevät, miten "
                    "mittausasemat havaitsevat päästön, miten kenttäryhmät ottavat näytteitä "
                    "suojavarusteissa ja miten palomiehet ja ensihoitajat rakentavat "
                    "puhdistuslinjan ja hoitavat kontaminoituneita potilaita.</p>",
                    "<p>Trygga skogar, säkert vatten och säker mat hotas i dagens värld av "
                    "kemiska, biologiska och radiologiska risker. Delegationerna ser hur "
                    "mätstationer upptäcker ett utsläpp, hur fältteam tar prover i "
                    "skyddsutrustning och hur brandmän och vårdare bygger upp en saneringslinje "
                    "och tar hand om kontaminerade skadade.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>The focus is on cooperation: how measurement data reaches the "
                    "decision-makers in minutes, and how the public is told what to do.</p>",
                    "<p>Painopiste on yhteistyössä: miten mittaustieto välittyy päättäjille "
                    "minuuteissa ja miten väestölle kerrotaan, miten toimia.</p>",
                    "<p>Fokus ligger på samarbetet: hur mätdata når beslutsfattarna inom några "
                    "minuter och hur allmänheten får veta hur den ska agera.</p>",
                )
            ),
        ],
        motif="rings",
        palette="cbrn",
    ),
    ThemeSpec(
        slug="hybrid-and-cyber-threats",
        title=T("Hybrid and cyber threats", "Hybridi- ja kyberuhat", "Hybrid- och cyberhot"),
        summary=T(
            "Recognising hybrid influence, withstanding cyber attacks and keeping public services "
            "running — the Finnish way of building resilience across administration and "
            "business.",
            "Hybridivaikuttamisen tunnistaminen, kyberhyökkäysten kestäminen ja julkisten "
            "palvelujen jatkuvuus – suomalainen tapa rakentaa kriisinkestävyyttä hallinnon ja "
            "yritysten yhteistyönä.",
            "Att känna igen hybridpåverkan, stå emot cyberangrepp och hålla offentliga tjänster "
            "igång – det finländska sättet att bygga motståndskraft i samarbete mellan "
            "förvaltning och näringsliv.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Hybrid threats rarely announce themselves: a wave of disinformation, "
                    "pressure on local decision-makers, an outage that looks like a technical "
                    "fault. Delegations meet the analysts who watch the networks of "
                    "municipalities and utilities, and practise decisions in a tabletop exercise "
                    "with Finnish counterparts.</p>",
                    "<p>Hybridiuhat harvoin ilmoittavat itsestään: disinformaatioaalto, painostus "
                    "paikallisia päättäjiä kohtaan tai katko, joka näyttää tekniseltä vialta. "
                    "Vierailijat tapaavat analyytikot, jotka valvovat kuntien sekä vesi- ja "
                    "energialaitosten verkkoja, ja harjoittelevat päätöksentekoa "
                    "pöytäharjoituksessa suomalaisten kollegojen kanssa.</p>",
                    "<p>Hybridhot meddelar sällan sin ankomst: en våg av desinformation, "
                    "påtryckningar mot lokala beslutsfattare eller ett avbrott som ser ut som ett "
                    "tekniskt fel. Delegationerna möter analytikerna som övervakar kommunernas och "
                    "vatten- och energiverkens nätverk och övar beslutsfattande i en "
                    "skrivbordsövning med finländska kolleger.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>Finland's answer is less about technology than about cooperation: shared "
                    "situational awareness, clear responsibilities and exercises in which "
                    "administration, companies and researchers learn to trust each other before "
                    "a crisis.</p>",
                    "<p>Suomen vastaus on vähemmän tekniikkaa ja enemmän yhteistyötä: yhteinen "
                    "tilannetietoisuus, selkeät vastuut ja harjoitukset, joissa hallinto, "
                    "yritykset ja tutkijat oppivat luottamaan toisiinsa ennen kriisiä.</p>",
                    "<p>Finlands svar handlar mindre om teknik än om samarbete: gemensam "
                    "lägesuppfattning, tydliga ansvar och övningar där förvaltning, företag och "
                    "forskare lär sig lita på varandra före en kris.</p>",
                )
            ),
        ],
        motif="network",
        palette="cyber",
    ),
    ThemeSpec(
        slug="protection-of-public-spaces",
        title=T(
            "Protection of public spaces",
            "Julkisten tilojen suojaaminen",
            "Skydd av offentliga platser",
        ),
        summary=T(
            "Schools, libraries, markets and festivals that stay open and welcoming while "
            "preparing for threats — through city–police cooperation, training and careful "
            "design.",
            "Koulut, kirjastot, torit ja festivaalit, jotka pysyvät avoimina ja kutsuvina ja "
            "varautuvat silti uhkiin – kaupungin ja poliisin yhteistyön, koulutuksen ja "
            "huolellisen suunnittelun avulla.",
            "Skolor, bibliotek, torg och festivaler som förblir öppna och välkomnande samtidigt "
            "som de förbereder sig för hot – genom samarbete mellan stad och polis, utbildning "
            "och omsorgsfull utformning.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>European cities have committed themselves to sharing best practice in "
                    "keeping public spaces open but safe. Delegations see how a Finnish city works "
                    "with the police every day, how the staff of schools and libraries are "
                    "trained for threatening situations, and how a summer festival plans for "
                    "crowds and hostile vehicles without turning into a fortress.</p>",
                    "<p>Eurooppalaiset kaupungit ovat sitoutuneet jakamaan hyviä käytäntöjä "
                    "siitä, miten julkiset tilat pidetään avoimina mutta turvallisina. Vierailijat "
                    "näkevät, miten suomalainen kaupunki tekee päivittäin yhteistyötä poliisin "
                    "kanssa, miten koulujen ja kirjastojen henkilöstö koulutetaan uhkatilanteisiin "
                    "ja miten kesäfestivaali varautuu väkijoukkoihin ja ajoneuvoiskuihin "
                    "muuttumatta linnoitukseksi.</p>",
                    "<p>Europeiska städer har förbundit sig att dela goda exempel på hur "
                    "offentliga platser hålls öppna men trygga. Delegationerna ser hur en "
                    "finländsk stad samarbetar med polisen varje dag, hur personalen i skolor och "
                    "bibliotek utbildas inför hotsituationer och hur en sommarfestival planerar "
                    "för folkmassor och fordonsattacker utan att förvandlas till en fästning.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>Operating models are only as good as the practice behind them: the city "
                    "trains its own staff and exercises regularly with the police, the rescue "
                    "services and event organisers.</p>",
                    "<p>Toimintamallit ovat vain niin hyviä kuin niiden harjoittelu: kaupunki "
                    "kouluttaa omaa henkilöstöään ja harjoittelee säännöllisesti poliisin, "
                    "pelastuslaitoksen ja tapahtumajärjestäjien kanssa.</p>",
                    "<p>Handlingsmodeller är bara så bra som övningen bakom dem: staden utbildar "
                    "sin egen personal och övar regelbundet med polisen, räddningsväsendet och "
                    "evenemangsarrangörerna.</p>",
                )
            ),
        ],
        motif="grid",
        palette="public",
    ),
    ThemeSpec(
        slug="travel-security",
        title=T("Travel security", "Matkustusturvallisuus", "Resesäkerhet"),
        summary=T(
            "Duty of care for people who travel for work: risk assessment, briefing, situational "
            "picture, emergency action and feedback — the process Finnish state agencies use, "
            "applied to every delegation we host.",
            "Huolenpito työmatkalla olevista: riskiarvio, turvallisuusinfo, tilannekuva, toiminta "
            "hätätilanteissa ja palaute – Suomen valtionhallinnon käyttämä prosessi, jota "
            "sovellamme jokaiseen vierailijaryhmään.",
            "Omsorgsplikt för dem som reser i tjänsten: riskbedömning, säkerhetsgenomgång, "
            "lägesbild, agerande i nödsituationer och respons – den process som finländska "
            "statliga myndigheter använder, tillämpad på varje delegation vi tar emot.",
        ),
        body=[
            heading(WHAT_YOU_SEE),
            paragraph(
                T(
                    "<p>Finnish state agencies make more than a hundred thousand travel days "
                    "abroad a year, from Brussels to crisis areas. Their shared travel-security "
                    "process covers safety culture, training, the situational picture, "
                    "documentation, risk assessment, the collection of information and feedback, "
                    "and action in emergencies and crises.</p>",
                    "<p>Suomen valtion virastot tekevät vuosittain yli satatuhatta matkapäivää "
                    "ulkomaille Brysselistä kriisialueille. Niiden yhteinen "
                    "matkustusturvallisuusprosessi kattaa turvallisuuskulttuurin, koulutuksen, "
                    "tilannekuvan, dokumentoinnin, riskiarvioinnin, tiedon ja palautteen keruun "
                    "sekä toiminnan hätä- ja kriisitilanteissa.</p>",
                    "<p>Finländska statliga myndigheter gör över hundratusen resdagar utomlands "
                    "om året, från Bryssel till krisområden. Deras gemensamma process för "
                    "resesäkerhet omfattar säkerhetskultur, utbildning, lägesbild, dokumentation, "
                    "riskbedömning, insamling av information och respons samt agerande i nöd- och "
                    "krissituationer.</p>",
                )
            ),
            heading(WHY_IT_MATTERS),
            paragraph(
                T(
                    "<p>We apply the same process to every delegation we host, and offer a "
                    "briefing on it to ministries and agencies that want to build their own.</p>",
                    "<p>Sovellamme samaa prosessia jokaiseen vierailijaryhmään ja tarjoamme siitä "
                    "esittelyn ministeriöille ja virastoille, jotka haluavat rakentaa oman "
                    "prosessinsa.</p>",
                    "<p>Vi tillämpar samma process på varje delegation vi tar emot och erbjuder en "
                    "genomgång av den för ministerier och myndigheter som vill bygga upp en "
                    "egen.</p>",
                )
            ),
        ],
        motif="route",
        palette="travel",
    ),
]
