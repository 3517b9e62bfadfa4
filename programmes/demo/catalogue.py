"""The demo programmes: three-to-five-day packages (seed 001), each with a day-by-day
template itinerary that visits host organisations from several sectors (seed 002) and the
duty-of-care notes of seed 000."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from programmes.enums import ItineraryItemKind as Kind

from .text import T, Text

# ---------------------------------------------------------------------------- structures


@dataclass(frozen=True)
class Item:
    kind: str
    start: str
    minutes: int
    title: T
    place: Text = ""
    host: str | None = None  # slug of a HostSpec; the place defaults to the host's city
    description: T | None = None


@dataclass(frozen=True)
class Day:
    title: T
    items: list[Item]


@dataclass(frozen=True)
class GalleryItem:
    motif: str
    palette: str
    subject: T


@dataclass(frozen=True)
class ProgrammeSpec:
    slug: str
    title: T
    summary: T
    seo: T
    objectives: T
    themes: list[str]
    duration_days: int
    group: tuple[int, int]
    languages: tuple[str, ...]
    prices: list[tuple[int, int, Decimal]]
    days: list[Day]
    faqs: list[tuple[T, T]]
    safety_extra: T
    departures: list[tuple[int, int, str]]  # (days from today, seats, language)
    hero_motif: str
    hero_palette: str
    gallery: list[GalleryItem]
    includes_accommodation: bool = True
    includes_local_transport: bool = True
    includes_meals: bool = True
    includes_interpretation: bool = False
    extra: dict = field(default_factory=dict)


def _prices(*rows: tuple[int, int, str]) -> list[tuple[int, int, Decimal]]:
    return [(low, high, Decimal(price)) for low, high, price in rows]


# ---------------------------------------------------------------------------- shared texts

HOTEL = T("Hotel, Mikkeli", "Hotelli, Mikkeli", "Hotellet, S:t Michel")
CITY_HALL = T("City hall, Mikkeli", "Kaupungintalo, Mikkeli", "Stadshuset, S:t Michel")
MIKKELI = T("Mikkeli", "Mikkeli", "S:t Michel")
SAVONLINNA = T("Savonlinna", "Savonlinna", "Nyslott")
LUNCH = T("Lunch", "Lounas", "Lunch")
DINNER = T("Dinner", "Illallinen", "Middag")
LESSONS_DESCRIPTION = T(
    "Each participant names three practices to try at home; the notes feed the delegation's "
    "learning report.",
    "Jokainen osallistuja nimeää kolme käytäntöä, joita kokeilla kotimaassa; muistiinpanot "
    "kootaan ryhmän oppimisraporttiin.",
    "Varje deltagare nämner tre arbetssätt att pröva hemma; anteckningarna blir en del av "
    "delegationens lärorapport.",
)


def arrival(start: str) -> Item:
    return Item(
        Kind.TRANSFER,
        start,
        180,
        T(
            "Coach transfer from Helsinki Airport",
            "Bussikuljetus Helsinki-Vantaan lentoasemalta",
            "Busstransfer från Helsingfors-Vanda flygplats",
        ),
        T(
            "Helsinki Airport → Mikkeli",
            "Helsinki-Vantaa → Mikkeli",
            "Helsingfors-Vanda → S:t Michel",
        ),
        description=T(
            "The programme manager meets the group in the arrivals hall.",
            "Ohjelmapäällikkö on ryhmää vastassa tuloaulassa.",
            "Programchefen möter gruppen i ankomsthallen.",
        ),
    )


def departure(start: str) -> Item:
    return Item(
        Kind.TRANSFER,
        start,
        180,
        T(
            "Transfer to Helsinki Airport",
            "Kuljetus Helsinki-Vantaan lentoasemalle",
            "Transfer till Helsingfors-Vanda flygplats",
        ),
        T(
            "Mikkeli → Helsinki Airport",
            "Mikkeli → Helsinki-Vantaa",
            "S:t Michel → Helsingfors-Vanda",
        ),
        description=T(
            "At the airport about three hours later, in time for afternoon and evening flights.",
            "Perillä lentoasemalla noin kolmen tunnin kuluttua, ajoissa iltapäivän ja illan "
            "lennoille.",
            "Framme vid flygplatsen cirka tre timmar senare, i tid för eftermiddags- och "
            "kvällsflyg.",
        ),
    )


def welcome(start: str) -> Item:
    return Item(
        Kind.BRIEFING,
        start,
        60,
        T(
            "Welcome and safety briefing",
            "Tervetuloa ja turvallisuusinfo",
            "Välkomstinformation och säkerhetsgenomgång",
        ),
        HOTEL,
        description=T(
            "The programme, your emergency contacts, how the duty officer follows the group "
            "around the clock, and what to do if something happens. Every participant "
            "acknowledges the briefing.",
            "Ohjelma, hätäyhteystiedot, miten päivystäjä seuraa ryhmää ympäri vuorokauden ja "
            "mitä tehdä, jos jotain sattuu. Jokainen osallistuja kuittaa turvallisuusinfon.",
            "Programmet, era nödkontakter, hur den jourhavande följer gruppen dygnet runt och "
            "vad man gör om något händer. Varje deltagare kvitterar genomgången.",
        ),
    )


def lunch(start: str, place: Text = "") -> Item:
    return Item(Kind.MEAL, start, 60, LUNCH, place)


def dinner(start: str) -> Item:
    return Item(Kind.MEAL, start, 120, DINNER, MIKKELI)


def welcome_dinner(start: str) -> Item:
    return Item(
        Kind.MEAL,
        start,
        120,
        T("Welcome dinner", "Tervetuliaisillallinen", "Välkomstmiddag"),
        T(
            "Restaurant by the market square, Mikkeli",
            "Ravintola torin laidalla, Mikkeli",
            "Restaurang vid torget, S:t Michel",
        ),
        description=T(
            "Local food from South Savo with the programme's hosts.",
            "Eteläsavolaista lähiruokaa ohjelman isäntien seurassa.",
            "Närproducerad mat från Södra Savolax i sällskap med programmets värdar.",
        ),
    )


def farewell_lunch(start: str, *, with_lessons: bool = False) -> Item:
    if with_lessons:
        return Item(
            Kind.MEAL,
            start,
            60,
            T(
                "Farewell lunch and lessons learned",
                "Jäähyväislounas ja opit",
                "Avskedslunch och lärdomar",
            ),
            HOTEL,
            description=LESSONS_DESCRIPTION,
        )
    return Item(Kind.MEAL, start, 60, T("Farewell lunch", "Jäähyväislounas", "Avskedslunch"))


def lessons_workshop(start: str, host: str) -> Item:
    return Item(
        Kind.BRIEFING,
        start,
        90,
        T("Lessons-learned workshop", "Oppimistyöpaja", "Workshop om lärdomar"),
        host=host,
        description=LESSONS_DESCRIPTION,
    )


def heritage_walk(start: str, title: T) -> Item:
    return Item(
        Kind.CULTURE,
        start,
        90,
        title,
        MIKKELI,
        host="headquarters-heritage-association",
        description=T(
            "A volunteer guide shows the town centre as it was in 1939–1944 and explains why "
            "the General Headquarters was placed here.",
            "Vapaaehtoinen opas esittelee keskustan sellaisena kuin se oli vuosina 1939–1944 ja "
            "kertoo, miksi päämaja sijoitettiin juuri tänne.",
            "En frivillig guide visar stadskärnan som den var åren 1939–1944 och berättar varför "
            "högkvarteret förlades just hit.",
        ),
    )


def rescue_exercise(start: str) -> Item:
    return Item(
        Kind.EXERCISE,
        start,
        180,
        T("Live rescue exercise", "Pelastusharjoitus", "Räddningsövning"),
        host="south-savo-rescue-training-centre",
        description=T(
            "Smoke diving, a road-accident extrication and a decontamination line, followed by "
            "a discussion with the instructors.",
            "Savusukellus, loukkuun jääneen kuljettajan irrottaminen liikenneonnettomuudessa ja "
            "puhdistuslinja, minkä jälkeen keskustelu kouluttajien kanssa.",
            "Rökdykning, losstagning av en fastklämd förare vid en trafikolycka och en "
            "saneringslinje, följt av ett samtal med instruktörerna.",
        ),
    )


def to_savonlinna(start: str) -> Item:
    return Item(
        Kind.TRANSFER,
        start,
        90,
        T("Transfer to Savonlinna", "Siirtyminen Savonlinnaan", "Transfer till Nyslott"),
        T("Mikkeli → Savonlinna", "Mikkeli → Savonlinna", "S:t Michel → Nyslott"),
    )


def lake_rescue(start: str, title: T) -> Item:
    return Item(
        Kind.SITE_VISIT,
        start,
        120,
        title,
        host="saimaa-volunteer-rescue-network",
        description=T(
            "A rescue boat exercise and a conversation on how volunteers are alerted, led and "
            "insured.",
            "Pelastusveneharjoitus ja keskustelu siitä, miten vapaaehtoiset hälytetään, "
            "johdetaan ja vakuutetaan.",
            "En övning med räddningsbåt och ett samtal om hur frivilliga larmas, leds och "
            "försäkras.",
        ),
    )


def castle_dinner(start: str) -> Item:
    return Item(
        Kind.CULTURE,
        start,
        180,
        T("Dinner at Olavinlinna castle", "Illallinen Olavinlinnassa", "Middag på Olofsborg"),
        SAVONLINNA,
        description=T(
            "A medieval castle that has guarded the lake route for more than five centuries.",
            "Keskiaikainen linna, joka on vartioinut järvireittiä yli viisisataa vuotta.",
            "En medeltida borg som har vaktat sjövägen i mer än femhundra år.",
        ),
    )


def from_savonlinna(start: str) -> Item:
    return Item(
        Kind.TRANSFER,
        start,
        90,
        T("Return to Mikkeli", "Paluu Mikkeliin", "Tillbaka till S:t Michel"),
        T("Savonlinna → Mikkeli", "Savonlinna → Mikkeli", "Nyslott → S:t Michel"),
    )


def campus_visit(start: str, minutes: int) -> Item:
    return Item(
        Kind.SITE_VISIT,
        start,
        minutes,
        T(
            "Training the region's security professionals",
            "Alueen turvallisuusammattilaisten koulutus",
            "Så utbildas regionens säkerhetsproffs",
        ),
        host="south-savo-security-campus",
        description=T(
            "A short exercise on the cyber range and a visit to the simulation hospital.",
            "Lyhyt harjoitus kyberharjoitusympäristössä ja tutustuminen simulaatiosairaalaan.",
            "En kort övning i cyberövningsmiljön och ett besök på simuleringssjukhuset.",
        ),
    )


ARRIVAL_DAY = T(
    "Arrival in the Headquarters city",
    "Saapuminen päämajakaupunkiin",
    "Ankomst till högkvartersstaden",
)

# ---------------------------------------------------------------------------- FAQs and notes

COMMON_FAQS: list[tuple[T, T]] = [
    (
        T(
            "Can the programme be tailored to our delegation?",
            "Voiko ohjelmaa räätälöidä ryhmällemme?",
            "Kan programmet skräddarsys för vår delegation?",
        ),
        T(
            "<p>Yes. The days, the host organisations and the balance between site visits and "
            "workshops can be adjusted to your mandate. Ask for a tailored programme and we will "
            "send a proposal within five working days.</p>",
            "<p>Kyllä. Päivien sisältöä, isäntäorganisaatioita sekä vierailujen ja työpajojen "
            "painotusta voidaan muokata ryhmänne tehtävän mukaan. Pyydä räätälöityä ohjelmaa, "
            "niin lähetämme ehdotuksen viiden arkipäivän kuluessa.</p>",
            "<p>Ja. Dagarna, värdorganisationerna och balansen mellan studiebesök och workshoppar "
            "kan anpassas efter ert uppdrag. Be om ett skräddarsytt program så skickar vi ett "
            "förslag inom fem arbetsdagar.</p>",
        ),
    ),
    (
        T(
            "What do the host organisations need from us in advance?",
            "Mitä isäntäorganisaatiot tarvitsevat meiltä etukäteen?",
            "Vad behöver värdorganisationerna från oss i förväg?",
        ),
        T(
            "<p>Some hosts check the identity of their visitors or carry out a security "
            "clearance. We collect names, nationalities, dates of birth and passport numbers "
            "with the booking, at the latest 15 working days before arrival, and share them only "
            "with the hosts that require them.</p>",
            "<p>Osa isännistä tarkastaa vierailijoiden henkilöllisyyden tai tekee "
            "turvallisuusselvityksen. Keräämme nimet, kansalaisuudet, syntymäajat ja "
            "passinumerot varauksen yhteydessä viimeistään 15 työpäivää ennen saapumista ja "
            "luovutamme ne vain niille isännille, jotka niitä edellyttävät.</p>",
            "<p>En del värdar kontrollerar besökarnas identitet eller gör en "
            "säkerhetsutredning. Vi samlar in namn, medborgarskap, födelsedatum och passnummer i "
            "samband med bokningen, senast 15 arbetsdagar före ankomsten, och lämnar dem endast "
            "till de värdar som kräver dem.</p>",
        ),
    ),
    (
        T(
            "Which language is the programme run in?",
            "Millä kielellä ohjelma toteutetaan?",
            "På vilket språk genomförs programmet?",
        ),
        T(
            "<p>English, unless the departure says otherwise. Programmes with interpretation "
            "include a professional interpreter; for other languages we can arrange one at "
            "cost.</p>",
            "<p>Englanniksi, ellei lähdön kohdalla toisin mainita. Tulkkauksen sisältävissä "
            "ohjelmissa mukana on ammattitulkki; muille kielille voimme järjestää tulkin "
            "omakustannushintaan.</p>",
            "<p>På engelska, om inte annat anges för avgången. I program med tolkning ingår en "
            "professionell tolk; för andra språk kan vi ordna tolk till självkostnadspris.</p>",
        ),
    ),
]

PRACTICAL_NOTES = T(
    "<ul><li><b>Arrival:</b> fly to Helsinki Airport (HEL); our coach meets the group in the "
    "arrivals hall. Mikkeli is about 2.5 hours away by road.</li><li><b>Accommodation:</b> "
    "single rooms in a central hotel in Mikkeli, breakfast included.</li><li><b>Clothing:</b> "
    "smart casual for meetings; sturdy shoes and a waterproof jacket for exercises outdoors. "
    "Finnish weather changes quickly.</li><li><b>Payment:</b> a deposit confirms the booking; "
    "the balance is due 30 days before arrival.</li></ul>",
    "<ul><li><b>Saapuminen:</b> lento Helsinki-Vantaalle (HEL); bussimme on ryhmää vastassa "
    "tuloaulassa. Mikkeliin on maanteitse noin 2,5 tuntia.</li><li><b>Majoitus:</b> yhden "
    "hengen huoneet keskustahotellissa Mikkelissä, aamiainen sisältyy hintaan.</li>"
    "<li><b>Pukeutuminen:</b> tapaamisiin siisti arkiasu; ulkoharjoituksiin tukevat kengät ja "
    "sadetakki. Suomen sää vaihtelee nopeasti.</li><li><b>Maksu:</b> varaus vahvistetaan "
    "ennakkomaksulla; loppuosa erääntyy 30 päivää ennen saapumista.</li></ul>",
    "<ul><li><b>Ankomst:</b> flyg till Helsingfors-Vanda (HEL); vår buss möter gruppen i "
    "ankomsthallen. Till S:t Michel är det cirka 2,5 timmar med buss.</li>"
    "<li><b>Inkvartering:</b> enkelrum på ett centralt hotell i S:t Michel, frukost "
    "ingår.</li><li><b>Klädsel:</b> ledig men vårdad klädsel för möten; stadiga skor och "
    "regnjacka för övningar utomhus. Vädret i Finland växlar snabbt.</li><li><b>Betalning:</b> "
    "en förskottsbetalning bekräftar bokningen; resten förfaller 30 dagar före "
    "ankomsten.</li></ul>",
)

SAFETY_NOTES = T(
    "<p>Every visit follows our duty-of-care process, adapted from the travel-security practice "
    "of Finnish state agencies:</p><ul><li><b>Risk assessment</b> of each site and transfer "
    "before the programme is confirmed.</li><li><b>Safety briefing</b> on arrival, "
    "acknowledged by every participant.</li><li><b>Situational picture:</b> a duty officer "
    "knows where the group is at all times and can be reached 24/7.</li><li><b>Emergencies:</b> "
    "call 112 for the emergency services, then the duty officer, who alerts the group leader "
    "and, if needed, your embassy.</li><li><b>Feedback</b> after the visit improves the next "
    "one.</li></ul>",
    "<p>Jokainen vierailu noudattaa huolenpitoprosessiamme, joka pohjautuu Suomen "
    "valtionhallinnon matkustusturvallisuuskäytäntöihin:</p><ul><li><b>Riskiarvio</b> "
    "jokaisesta kohteesta ja siirtymästä ennen ohjelman vahvistamista.</li>"
    "<li><b>Turvallisuusinfo</b> saavuttaessa; jokainen osallistuja kuittaa sen.</li>"
    "<li><b>Tilannekuva:</b> päivystäjä tietää koko ajan, missä ryhmä on, ja on tavoitettavissa "
    "ympäri vuorokauden.</li><li><b>Hätätilanteet:</b> soita hätänumeroon 112 ja sen jälkeen "
    "päivystäjälle, joka hälyttää ryhmänjohtajan ja tarvittaessa maanne "
    "suurlähetystön.</li><li><b>Palaute</b> vierailun jälkeen parantaa seuraavaa "
    "vierailua.</li></ul>",
    "<p>Varje besök följer vår process för omsorgsplikt, som bygger på de finländska statliga "
    "myndigheternas praxis för resesäkerhet:</p><ul><li><b>Riskbedömning</b> av varje plats "
    "och transfer innan programmet bekräftas.</li><li><b>Säkerhetsgenomgång</b> vid "
    "ankomsten, som varje deltagare kvitterar.</li><li><b>Lägesbild:</b> en jourhavande vet "
    "hela tiden var gruppen befinner sig och kan nås dygnet runt.</li>"
    "<li><b>Nödsituationer:</b> ring nödnumret 112 och därefter den jourhavande, som larmar "
    "gruppledaren och vid behov ert lands ambassad.</li><li><b>Respons</b> efter besöket gör "
    "nästa besök bättre.</li></ul>",
)

# ---------------------------------------------------------------------------- programmes

PROGRAMMES: list[ProgrammeSpec] = [
    ProgrammeSpec(
        slug="comprehensive-security-in-everyday-life",
        title=T(
            "Comprehensive security in everyday life",
            "Kokonaisturvallisuus arjessa",
            "Övergripande säkerhet i vardagen",
        ),
        summary=T(
            "Four days in Mikkeli and South Savo to see how the Finnish model of comprehensive "
            "security works at street level: a shared situational picture, rescue services that "
            "reach remote villages, volunteers who are part of the system, and a city that "
            "trains its schools and events for the worst day — without losing its open, "
            "everyday feel.",
            "Neljä päivää Mikkelissä ja Etelä-Savossa: näe, miten suomalainen "
            "kokonaisturvallisuuden malli toimii käytännössä – yhteinen tilannekuva, "
            "syrjäkylillekin ehtivä pelastustoimi, vapaaehtoiset osana järjestelmää ja kaupunki, "
            "joka harjoittelee koulujensa ja tapahtumiensa kanssa pahimman päivän varalle "
            "menettämättä avointa arkeaan.",
            "Fyra dagar i S:t Michel och Södra Savolax för att se hur den finländska modellen "
            "för övergripande säkerhet fungerar i praktiken: en gemensam lägesbild, ett "
            "räddningsväsende som når även avlägsna byar, frivilliga som är en del av systemet "
            "och en stad som övar inför den värsta dagen med sina skolor och evenemang – utan "
            "att förlora sin öppna vardag.",
        ),
        seo=T(
            "A four-day visitor programme in Mikkeli, Finland: the Finnish comprehensive "
            "security model at work with authorities, rescue services and volunteers.",
            "Neljän päivän vierailuohjelma Mikkelissä: suomalainen kokonaisturvallisuuden malli "
            "käytännössä viranomaisten, pelastustoimen ja vapaaehtoisten kanssa.",
            "Ett fyradagars besöksprogram i S:t Michel: den finländska modellen för övergripande "
            "säkerhet i praktiken hos myndigheter, räddningsväsende och frivilliga.",
        ),
        objectives=T(
            "Explain the Finnish comprehensive security model and who does what in it\n"
            "See how a shared regional situational picture is compiled and used\n"
            "Compare rescue-service coverage in sparsely populated areas with your own\n"
            "Understand how volunteers are alerted, led and insured alongside the authorities\n"
            "Take home at least three practices your organisation could pilot",
            "Selittää suomalaisen kokonaisturvallisuuden malli ja toimijoiden roolit\n"
            "Nähdä, miten alueellinen yhteinen tilannekuva kootaan ja miten sitä käytetään\n"
            "Verrata harvaan asuttujen alueiden pelastustoimen kattavuutta omaan maahan\n"
            "Ymmärtää, miten vapaaehtoiset hälytetään, johdetaan ja vakuutetaan viranomaisten "
            "rinnalla\n"
            "Viedä kotiin vähintään kolme käytäntöä, joita oma organisaatio voi kokeilla",
            "Förklara den finländska modellen för övergripande säkerhet och vem som gör vad\n"
            "Se hur en gemensam regional lägesbild sammanställs och används\n"
            "Jämföra räddningsväsendets täckning i glesbygd med det egna landets\n"
            "Förstå hur frivilliga larmas, leds och försäkras vid sidan av myndigheterna\n"
            "Ta med sig hem minst tre arbetssätt som den egna organisationen kan pröva",
        ),
        themes=[
            "defence-and-comprehensive-security",
            "rescue-services-and-preparedness",
            "protection-of-public-spaces",
            "travel-security",
        ],
        duration_days=4,
        group=(6, 24),
        languages=("en", "fi", "sv", "de"),
        prices=_prices((6, 10, "2950.00"), (11, 16, "2450.00"), (17, 24, "2150.00")),
        days=[
            Day(
                ARRIVAL_DAY,
                [
                    arrival("11:00"),
                    welcome("14:30"),
                    heritage_walk(
                        "16:00",
                        T(
                            "A walk through the Headquarters city",
                            "Kävelykierros päämajakaupungissa",
                            "Promenad genom högkvartersstaden",
                        ),
                    ),
                    welcome_dinner("19:00"),
                ],
            ),
            Day(
                T(
                    "Everyday preparedness and a shared situational picture",
                    "Arjen varautuminen ja yhteinen tilannekuva",
                    "Vardaglig beredskap och en gemensam lägesbild",
                ),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        150,
                        T(
                            "Inside the regional situation centre",
                            "Alueellisessa tilannekeskuksessa",
                            "I den regionala lägescentralen",
                        ),
                        host="south-savo-joint-situation-centre",
                        description=T(
                            "Duty officers show how information from the rescue services, "
                            "police, health care and utilities becomes one picture — and who "
                            "decides what.",
                            "Päivystäjät näyttävät, miten pelastustoimen, poliisin, "
                            "terveydenhuollon ja huoltovarmuuskriittisten yritysten tiedoista "
                            "muodostuu yksi kuva – ja kuka päättää mistäkin.",
                            "De jourhavande visar hur information från räddningsväsendet, "
                            "polisen, hälsovården och försörjningskritiska företag blir en enda "
                            "bild – och vem som beslutar om vad.",
                        ),
                    ),
                    lunch("11:30", MIKKELI),
                    Item(
                        Kind.SITE_VISIT,
                        "13:00",
                        120,
                        T(
                            "The city that keeps working",
                            "Kaupunki, joka toimii häiriöissäkin",
                            "Staden som fungerar även vid störningar",
                        ),
                        host="mikkeli-city-preparedness-office",
                        description=T(
                            "Continuity planning, a civil-defence shelter that is a sports hall "
                            "on weekdays, and information to residents in a disruption.",
                            "Jatkuvuussuunnittelu, arkisin urheiluhallina toimiva väestönsuoja "
                            "ja asukkaille tiedottaminen häiriötilanteessa.",
                            "Kontinuitetsplanering, ett skyddsrum som på vardagarna är "
                            "idrottshall och information till invånarna vid störningar.",
                        ),
                    ),
                    Item(
                        Kind.BRIEFING,
                        "15:30",
                        90,
                        T(
                            "Panel: four sectors, one region",
                            "Paneeli: neljä sektoria, yksi maakunta",
                            "Panel: fyra sektorer, ett landskap",
                        ),
                        CITY_HALL,
                        description=T(
                            "Speakers from an authority, a company, a research institute and an "
                            "NGO on how the regional preparedness forum works.",
                            "Viranomaisen, yrityksen, tutkimuslaitoksen ja järjestön edustajat "
                            "kertovat, miten alueellinen valmiusfoorumi toimii.",
                            "Talare från en myndighet, ett företag, ett forskningsinstitut och "
                            "en organisation berättar hur det regionala beredskapsforumet "
                            "fungerar.",
                        ),
                    ),
                ],
            ),
            Day(
                T(
                    "Rescue services from the training ground to the lake",
                    "Pelastustoimi harjoituskentältä järvelle",
                    "Räddningsväsendet från övningsfältet till sjön",
                ),
                [
                    rescue_exercise("08:30"),
                    lunch("11:45", MIKKELI),
                    to_savonlinna("12:45"),
                    lake_rescue(
                        "14:30",
                        T(
                            "Volunteers on Lake Saimaa",
                            "Vapaaehtoiset Saimaalla",
                            "Frivilliga på Saimen",
                        ),
                    ),
                    castle_dinner("17:30"),
                    from_savonlinna("21:00"),
                ],
            ),
            Day(
                T("Lessons to share", "Opit yhteiseen käyttöön", "Lärdomar att dela"),
                [
                    campus_visit("09:00", 120),
                    lessons_workshop("11:15", "south-savo-security-campus"),
                    farewell_lunch("12:45"),
                    departure("14:00"),
                ],
            ),
        ],
        faqs=[
            (
                T(
                    "Is the programme suitable for elected officials as well as practitioners?",
                    "Sopiiko ohjelma sekä luottamushenkilöille että asiantuntijoille?",
                    "Passar programmet både förtroendevalda och yrkesfolk?",
                ),
                T(
                    "<p>Yes. The panels and the lessons-learned workshop are designed for mixed "
                    "groups of decision-makers and professionals, and the technical parts are "
                    "explained without jargon.</p>",
                    "<p>Sopii. Paneelit ja oppimistyöpaja on suunniteltu päättäjien ja "
                    "ammattilaisten sekaryhmille, ja tekniset osuudet selitetään ilman "
                    "ammattijargonia.</p>",
                    "<p>Ja. Panelerna och workshoppen om lärdomar är utformade för blandade "
                    "grupper av beslutsfattare och yrkesfolk, och de tekniska delarna förklaras "
                    "utan jargong.</p>",
                ),
            ),
            *COMMON_FAQS,
        ],
        safety_extra=T(
            "<p>In the rescue boat everyone wears a life jacket; at the training ground, stay "
            "behind the marked line unless an instructor invites you closer.</p>",
            "<p>Pelastusveneessä kaikki käyttävät pelastusliivejä; pysy harjoituskentällä "
            "merkityn rajan takana, ellei kouluttaja kutsu lähemmäs.</p>",
            "<p>I räddningsbåten bär alla flytväst; på övningsfältet stannar du bakom den "
            "markerade linjen om inte en instruktör bjuder in dig närmare.</p>",
        ),
        departures=[(35, 24, "en"), (80, 16, "en"), (150, 20, "de")],
        hero_motif="beacon",
        hero_palette="defence",
        gallery=[
            GalleryItem(
                "network",
                "cyber",
                T(
                    "The shared situational picture",
                    "Yhteinen tilannekuva",
                    "Den gemensamma lägesbilden",
                ),
            ),
            GalleryItem(
                "beacon",
                "rescue",
                T(
                    "Rescue services on call",
                    "Päivystävä pelastustoimi",
                    "Räddningsväsendet i beredskap",
                ),
            ),
            GalleryItem(
                "waves",
                "water",
                T(
                    "Volunteer lake rescue on Saimaa",
                    "Vapaaehtoinen järvipelastus Saimaalla",
                    "Frivillig sjöräddning på Saimen",
                ),
            ),
        ],
    ),
    ProgrammeSpec(
        slug="safe-water-food-and-environment-cbrn-readiness",
        title=T(
            "Safe water, food and environment — CBRN readiness",
            "Turvallinen vesi, ruoka ja ympäristö – CBRN-valmius",
            "Säkert vatten, livsmedel och miljö – CBRN-beredskap",
        ),
        summary=T(
            "The basics of life under threat: follow water from Lake Saimaa to the tap and food "
            "from the field to the shelf, see how laboratories, utilities and companies detect "
            "contamination, and watch first responders deal with chemical, biological and "
            "radiation hazards.",
            "Elämän perusedellytykset uhattuina: seuraa vettä Saimaalta hanaan ja ruokaa "
            "pellolta kaupan hyllylle, näe, miten laboratoriot, vesilaitokset ja yritykset "
            "havaitsevat saastumisen, ja katso, miten ensitoimijat hallitsevat kemialliset, "
            "biologiset ja säteilyvaarat.",
            "Livets grundförutsättningar under hot: följ vattnet från Saimen till kranen och "
            "maten från åkern till hyllan, se hur laboratorier, vattenverk och företag upptäcker "
            "föroreningar och hur insatspersonalen hanterar kemiska, biologiska och "
            "radiologiska faror.",
        ),
        seo=T(
            "Four days on water, food and CBRN readiness in South Savo, Finland: water "
            "utilities, laboratories, food producers and first responders.",
            "Neljä päivää veden, ruoan ja CBRN-valmiuden parissa Etelä-Savossa: vesilaitokset, "
            "laboratoriot, elintarvikeyritykset ja ensitoimijat.",
            "Fyra dagar om vatten, livsmedel och CBRN-beredskap i Södra Savolax: vattenverk, "
            "laboratorier, livsmedelsföretag och insatspersonal.",
        ),
        objectives=T(
            "Describe a water safety plan from the lake intake to the tap\n"
            "Follow a contamination alert from the first sample to the public notice\n"
            "Understand the food chain's role in security of supply\n"
            "See how first responders sample, measure and decontaminate in a CBRN incident\n"
            "Identify gaps in the cooperation between laboratories, utilities and authorities "
            "at home",
            "Kuvata talousveden riskienhallinta järven ottamolta hanaan\n"
            "Seurata saastumishälytystä ensimmäisestä näytteestä väestön tiedottamiseen\n"
            "Ymmärtää elintarvikeketjun rooli huoltovarmuudessa\n"
            "Nähdä, miten ensitoimijat ottavat näytteitä, mittaavat ja puhdistavat "
            "CBRN-tilanteessa\n"
            "Tunnistaa aukkoja laboratorioiden, vesilaitosten ja viranomaisten yhteistyössä "
            "omassa maassa",
            "Beskriva en vattensäkerhetsplan från intaget i sjön till kranen\n"
            "Följa ett föroreningslarm från det första provet till meddelandet till "
            "allmänheten\n"
            "Förstå livsmedelskedjans roll i försörjningsberedskapen\n"
            "Se hur insatspersonal tar prover, mäter och sanerar vid en CBRN-händelse\n"
            "Identifiera luckor i samarbetet mellan laboratorier, vattenverk och myndigheter i "
            "det egna landet",
        ),
        themes=[
            "safe-water-food-and-environment",
            "chemical-biological-and-radiation-risks",
            "rescue-services-and-preparedness",
        ],
        duration_days=4,
        group=(6, 16),
        languages=("en", "fi", "fr"),
        prices=_prices((6, 10, "3150.00"), (11, 16, "2650.00")),
        includes_interpretation=True,
        days=[
            Day(
                T("Arrival by the lake", "Saapuminen järven rannalle", "Ankomst till sjön"),
                [
                    arrival("11:00"),
                    welcome("14:30"),
                    Item(
                        Kind.CULTURE,
                        "16:00",
                        90,
                        T("Boat trip on Lake Saimaa", "Veneretki Saimaalla", "Båttur på Saimen"),
                        T("Mikkeli harbour", "Mikkelin satama", "S:t Michels hamn"),
                        description=T(
                            "The lake system that gives the region its drinking water, seen from "
                            "the water with a limnologist.",
                            "Saimaan vesistö, josta maakunta saa juomavetensä, vesiltä käsin "
                            "limnologin opastuksella.",
                            "Vattendraget som ger regionen dess dricksvatten, sett från sjön "
                            "tillsammans med en limnolog.",
                        ),
                    ),
                    welcome_dinner("19:00"),
                ],
            ),
            Day(
                T("From the lake to the tap", "Järveltä hanaan", "Från sjön till kranen"),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        150,
                        T(
                            "Water treatment and the control room",
                            "Vedenpuhdistus ja valvomo",
                            "Vattenberedning och kontrollrummet",
                        ),
                        host="lakeland-water",
                        description=T(
                            "The water safety plan, the alarms of the control room and the "
                            "mobile tanks used when the network fails.",
                            "Talousveden riskienhallintasuunnitelma, valvomon hälytykset ja "
                            "siirrettävät säiliöt verkoston häiriötilanteisiin.",
                            "Vattensäkerhetsplanen, larmen i kontrollrummet och de mobila "
                            "tankarna som används när nätet slås ut.",
                        ),
                    ),
                    lunch("11:15", MIKKELI),
                    Item(
                        Kind.SITE_VISIT,
                        "12:30",
                        150,
                        T(
                            "From the first sample to the boil-water notice",
                            "Ensimmäisestä näytteestä keittokehotukseen",
                            "Från det första provet till uppmaningen att koka vattnet",
                        ),
                        host="saimaa-water-laboratory",
                        description=T(
                            "How a contamination alert is handled in the laboratory, and what "
                            "wastewater tells about the health of a city.",
                            "Miten saastumishälytys käsitellään laboratoriossa ja mitä jätevesi "
                            "kertoo kaupungin terveydestä.",
                            "Hur ett föroreningslarm hanteras i laboratoriet och vad "
                            "avloppsvattnet berättar om en stads hälsa.",
                        ),
                    ),
                    Item(
                        Kind.BRIEFING,
                        "15:30",
                        75,
                        T(
                            "Who tells the public?",
                            "Kuka tiedottaa väestölle?",
                            "Vem informerar allmänheten?",
                        ),
                        host="saimaa-water-laboratory",
                        description=T(
                            "The roles of the water utility, the municipal health protection "
                            "authority and the laboratory in a water incident.",
                            "Vesilaitoksen, kunnan terveydensuojeluviranomaisen ja laboratorion "
                            "roolit vesihäiriötilanteessa.",
                            "Vattenverkets, den kommunala hälsoskyddsmyndighetens och "
                            "laboratoriets roller vid en vattenincident.",
                        ),
                    ),
                ],
            ),
            Day(
                T(
                    "The food chain and security of supply",
                    "Ruokaketju ja huoltovarmuus",
                    "Livsmedelskedjan och försörjningsberedskapen",
                ),
                [
                    Item(
                        Kind.TRANSFER,
                        "08:00",
                        60,
                        T("Transfer to Juva", "Siirtyminen Juvalle", "Transfer till Jockas"),
                        T("Mikkeli → Juva", "Mikkeli → Juva", "S:t Michel → Jockas"),
                    ),
                    Item(
                        Kind.SITE_VISIT,
                        "09:00",
                        150,
                        T(
                            "Traceability from field and lake to shelf",
                            "Jäljitettävyys pellolta ja järveltä hyllylle",
                            "Spårbarhet från åker och sjö till hylla",
                        ),
                        host="savo-harvest-foods",
                        description=T(
                            "Hazard control at every step, a product recall within hours, and "
                            "production during a power cut.",
                            "Vaarojen hallinta jokaisessa vaiheessa, takaisinveto tunneissa ja "
                            "tuotanto sähkökatkon aikana.",
                            "Riskhantering i varje steg, en återkallelse inom några timmar och "
                            "produktion under ett elavbrott.",
                        ),
                    ),
                    Item(
                        Kind.MEAL,
                        "11:45",
                        75,
                        T(
                            "Lunch at a family farm",
                            "Lounas perhetilalla",
                            "Lunch på en familjegård",
                        ),
                        T("Juva", "Juva", "Jockas"),
                        description=T(
                            "The farmers explain how they prepare for drought, animal diseases "
                            "and power cuts.",
                            "Viljelijät kertovat, miten he varautuvat kuivuuteen, eläintauteihin "
                            "ja sähkökatkoihin.",
                            "Bönderna berättar hur de förbereder sig för torka, djursjukdomar och "
                            "elavbrott.",
                        ),
                    ),
                    Item(
                        Kind.TRANSFER,
                        "13:15",
                        60,
                        T("Return to Mikkeli", "Paluu Mikkeliin", "Tillbaka till S:t Michel"),
                        T("Juva → Mikkeli", "Juva → Mikkeli", "Jockas → S:t Michel"),
                    ),
                    Item(
                        Kind.BRIEFING,
                        "14:30",
                        90,
                        T(
                            "Security of supply: the Finnish model",
                            "Huoltovarmuus: suomalainen malli",
                            "Försörjningsberedskap: den finländska modellen",
                        ),
                        HOTEL,
                        description=T(
                            "How companies, authorities and the national emergency supply "
                            "organisation share the work, and what it costs.",
                            "Miten yritykset, viranomaiset ja kansallinen "
                            "huoltovarmuusorganisaatio jakavat työn ja mitä se maksaa.",
                            "Hur företag, myndigheter och den nationella "
                            "försörjningsberedskapsorganisationen delar på arbetet och vad det "
                            "kostar.",
                        ),
                    ),
                    dinner("19:00"),
                ],
            ),
            Day(
                T("CBRN readiness in the field", "CBRN-valmius kentällä", "CBRN-beredskap i fält"),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        120,
                        T(
                            "Measuring what cannot be seen",
                            "Näkymättömän mittaaminen",
                            "Att mäta det osynliga",
                        ),
                        host="lakeland-cbrn-measurement-station",
                        description=T(
                            "Gamma detectors, air samplers and a field team sampling a simulated "
                            "release.",
                            "Gammailmaisimet, ilmankeräimet ja kenttäryhmä ottamassa näytteitä "
                            "simuloidusta päästöstä.",
                            "Gammadetektorer, luftprovtagare och ett fältteam som tar prover vid "
                            "ett simulerat utsläpp.",
                        ),
                    ),
                    Item(
                        Kind.EXERCISE,
                        "11:00",
                        120,
                        T(
                            "Decontamination line exercise",
                            "Puhdistuslinjaharjoitus",
                            "Övning med saneringslinje",
                        ),
                        host="south-savo-rescue-training-centre",
                        description=T(
                            "Firefighters and paramedics set up a decontamination line and treat "
                            "contaminated casualties.",
                            "Palomiehet ja ensihoitajat rakentavat puhdistuslinjan ja hoitavat "
                            "kontaminoituneita potilaita.",
                            "Brandmän och vårdare bygger upp en saneringslinje och tar hand om "
                            "kontaminerade skadade.",
                        ),
                    ),
                    farewell_lunch("13:15", with_lessons=True),
                    departure("14:30"),
                ],
            ),
        ],
        faqs=[
            (
                T(
                    "Is it safe to take part in the CBRN exercise?",
                    "Onko CBRN-harjoitukseen osallistuminen turvallista?",
                    "Är det säkert att delta i CBRN-övningen?",
                ),
                T(
                    "<p>Yes. The delegation watches the decontamination exercise from a marked "
                    "observation area; nobody is exposed to real hazardous substances, and "
                    "protective equipment is worn only by the trained crews.</p>",
                    "<p>On. Ryhmä seuraa puhdistusharjoitusta merkityltä katselualueelta; ketään "
                    "ei altisteta todellisille vaarallisille aineille, ja suojavarusteita "
                    "käyttävät vain koulutetut ryhmät.</p>",
                    "<p>Ja. Delegationen följer saneringsövningen från ett markerat "
                    "åskådarområde; ingen utsätts för verkliga farliga ämnen och "
                    "skyddsutrustning bärs endast av de utbildade teamen.</p>",
                ),
            ),
            *COMMON_FAQS,
        ],
        safety_extra=T(
            "<p>During the decontamination exercise and the field sampling, stay inside the "
            "marked observation area. Nobody is exposed to real hazardous substances.</p>",
            "<p>Pysy puhdistusharjoituksen ja kenttänäytteenoton aikana merkityllä "
            "katselualueella. Ketään ei altisteta todellisille vaarallisille aineille.</p>",
            "<p>Under saneringsövningen och fältprovtagningen stannar du inom det markerade "
            "åskådarområdet. Ingen utsätts för verkliga farliga ämnen.</p>",
        ),
        departures=[(42, 16, "en"), (98, 16, "fr"), (168, 12, "en")],
        hero_motif="waves",
        hero_palette="water",
        gallery=[
            GalleryItem(
                "waves",
                "water",
                T(
                    "Water from the lake to the tap",
                    "Vesi järveltä hanaan",
                    "Vatten från sjön till kranen",
                ),
            ),
            GalleryItem(
                "fields",
                "food",
                T(
                    "The food chain from field to shelf",
                    "Ruokaketju pellolta hyllylle",
                    "Livsmedelskedjan från åker till hylla",
                ),
            ),
            GalleryItem(
                "rings",
                "cbrn",
                T(
                    "Measuring radiation and airborne agents",
                    "Säteilyn ja ilmassa kulkeutuvien aineiden mittaus",
                    "Mätning av strålning och luftburna ämnen",
                ),
            ),
        ],
    ),
    ProgrammeSpec(
        slug="hybrid-and-cyber-resilience-for-public-administration",
        title=T(
            "Hybrid and cyber resilience for public administration",
            "Julkishallinnon kriisinkestävyys hybridi- ja kyberuhkia vastaan",
            "Motståndskraft mot hybrid- och cyberhot i den offentliga förvaltningen",
        ),
        summary=T(
            "Three intensive days for ministries, agencies and cities: how a Finnish region "
            "detects and withstands hybrid influence and cyber attacks, keeps services running, "
            "communicates under pressure — and keeps its officials safe when they travel.",
            "Kolme tiivistä päivää ministeriöille, virastoille ja kaupungeille: miten "
            "suomalainen maakunta havaitsee hybridivaikuttamisen ja kyberhyökkäykset ja kestää "
            "ne, pitää palvelut käynnissä, viestii paineen alla – ja huolehtii virkamiestensä "
            "turvallisuudesta matkoilla.",
            "Tre intensiva dagar för ministerier, myndigheter och städer: hur ett finländskt "
            "landskap upptäcker och står emot hybridpåverkan och cyberangrepp, håller tjänsterna "
            "igång, kommunicerar under tryck – och tar hand om sina tjänstemäns säkerhet på "
            "resor.",
        ),
        seo=T(
            "A three-day programme for public administration on hybrid influence, cyber "
            "incidents and duty of care, with a tabletop exercise in Mikkeli, Finland.",
            "Kolmen päivän ohjelma julkishallinnolle hybridivaikuttamisesta, kyberhäiriöistä ja "
            "matkustusturvallisuudesta – mukana pöytäharjoitus Mikkelissä.",
            "Ett tredagarsprogram för den offentliga förvaltningen om hybridpåverkan, "
            "cyberincidenter och omsorgsplikt, med en skrivbordsövning i S:t Michel.",
        ),
        objectives=T(
            "Recognise the signs of hybrid influence targeting a municipality or an agency\n"
            "Follow a cyber incident from detection to public communication\n"
            "Practise decision-making in a tabletop exercise with Finnish counterparts\n"
            "Understand the duty-of-care process for officials on missions abroad",
            "Tunnistaa kuntaan tai virastoon kohdistuvan hybridivaikuttamisen merkit\n"
            "Seurata kyberhäiriötä havaitsemisesta väestön tiedottamiseen\n"
            "Harjoitella päätöksentekoa pöytäharjoituksessa suomalaisten kollegojen kanssa\n"
            "Ymmärtää ulkomaan virkamatkojen huolenpitoprosessi",
            "Känna igen tecknen på hybridpåverkan mot en kommun eller en myndighet\n"
            "Följa en cyberincident från upptäckt till kommunikation med allmänheten\n"
            "Öva beslutsfattande i en skrivbordsövning med finländska kolleger\n"
            "Förstå processen för omsorgsplikt vid tjänsteresor utomlands",
        ),
        themes=[
            "hybrid-and-cyber-threats",
            "defence-and-comprehensive-security",
            "travel-security",
        ],
        duration_days=3,
        group=(6, 16),
        languages=("en", "fi", "et"),
        prices=_prices((6, 10, "2650.00"), (11, 16, "2250.00")),
        days=[
            Day(
                T(
                    "Threats that do not look like threats",
                    "Uhkia, jotka eivät näytä uhilta",
                    "Hot som inte ser ut som hot",
                ),
                [
                    arrival("09:00"),
                    lunch("12:15", HOTEL),
                    welcome("13:15"),
                    Item(
                        Kind.BRIEFING,
                        "14:30",
                        120,
                        T(
                            "Hybrid influence at the local level",
                            "Hybridivaikuttaminen paikallistasolla",
                            "Hybridpåverkan på lokal nivå",
                        ),
                        host="south-savo-security-campus",
                        description=T(
                            "Researchers and a municipal security manager on disinformation, "
                            "pressure on decision-makers and the protection of elections.",
                            "Tutkijat ja kunnan turvallisuuspäällikkö kertovat "
                            "disinformaatiosta, päättäjiin kohdistuvasta painostuksesta ja "
                            "vaalien suojaamisesta.",
                            "Forskare och en kommunal säkerhetschef om desinformation, "
                            "påtryckningar mot beslutsfattare och skyddet av val.",
                        ),
                    ),
                    welcome_dinner("19:00"),
                ],
            ),
            Day(
                T(
                    "A cyber incident, hour by hour",
                    "Kyberhäiriö tunti tunnilta",
                    "En cyberincident timme för timme",
                ),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        150,
                        T(
                            "Inside a security operations centre",
                            "Tietoturvavalvomossa",
                            "I ett säkerhetscenters operationsrum",
                        ),
                        host="savo-cyber-defence",
                        description=T(
                            "How a phishing campaign against a municipality is detected, "
                            "contained and reported.",
                            "Miten kuntaan kohdistuva tietojenkalastelukampanja havaitaan, "
                            "rajataan ja ilmoitetaan.",
                            "Hur en nätfiskekampanj mot en kommun upptäcks, begränsas och "
                            "rapporteras.",
                        ),
                    ),
                    lunch("11:15", MIKKELI),
                    Item(
                        Kind.EXERCISE,
                        "12:30",
                        150,
                        T(
                            "Tabletop exercise: the city's systems are down",
                            "Pöytäharjoitus: kaupungin järjestelmät ovat alhaalla",
                            "Skrivbordsövning: stadens system ligger nere",
                        ),
                        host="south-savo-security-campus",
                        description=T(
                            "With Finnish counterparts, the delegation leads a city through a "
                            "ransomware attack: continuity, decisions and communication.",
                            "Ryhmä johtaa yhdessä suomalaisten kollegojen kanssa kaupungin "
                            "kiristyshaittaohjelmahyökkäyksen läpi: jatkuvuus, päätökset ja "
                            "viestintä.",
                            "Tillsammans med finländska kolleger leder delegationen en stad "
                            "genom en utpressningsattack: kontinuitet, beslut och "
                            "kommunikation.",
                        ),
                    ),
                    Item(
                        Kind.SITE_VISIT,
                        "15:30",
                        90,
                        T(
                            "The situational picture in a cyber crisis",
                            "Tilannekuva kyberkriisissä",
                            "Lägesbilden i en cyberkris",
                        ),
                        host="south-savo-joint-situation-centre",
                        description=T(
                            "How cyber incidents enter the authorities' shared situational "
                            "picture, and what reaches the public.",
                            "Miten kyberhäiriöt näkyvät viranomaisten yhteisessä tilannekuvassa "
                            "ja mitä niistä kerrotaan väestölle.",
                            "Hur cyberincidenter kommer in i myndigheternas gemensamma lägesbild "
                            "och vad som når allmänheten.",
                        ),
                    ),
                ],
            ),
            Day(
                T(
                    "Duty of care and lessons learned",
                    "Huolenpito ja opit",
                    "Omsorgsplikt och lärdomar",
                ),
                [
                    Item(
                        Kind.BRIEFING,
                        "09:00",
                        90,
                        T(
                            "Travel security for officials",
                            "Virkamiesten matkustusturvallisuus",
                            "Resesäkerhet för tjänstemän",
                        ),
                        CITY_HALL,
                        description=T(
                            "Risk assessment, briefing, situational picture, emergency action "
                            "and feedback: the duty-of-care process that Finnish state agencies "
                            "use for missions abroad.",
                            "Riskiarvio, turvallisuusinfo, tilannekuva, toiminta "
                            "hätätilanteissa ja palaute: huolenpitoprosessi, jota Suomen valtion "
                            "virastot käyttävät ulkomaan virkamatkoilla.",
                            "Riskbedömning, säkerhetsgenomgång, lägesbild, agerande i "
                            "nödsituationer och respons: den process för omsorgsplikt som "
                            "finländska statliga myndigheter använder vid tjänsteresor "
                            "utomlands.",
                        ),
                    ),
                    Item(
                        Kind.SITE_VISIT,
                        "10:45",
                        75,
                        T(
                            "Continuity when the network fails",
                            "Jatkuvuus, kun verkko pettää",
                            "Kontinuitet när nätet slås ut",
                        ),
                        host="mikkeli-city-preparedness-office",
                        description=T(
                            "The city's fallback arrangements for its services and for "
                            "information to residents.",
                            "Kaupungin varajärjestelyt palveluille ja asukkaille tiedottamiselle.",
                            "Stadens reservlösningar för tjänsterna och för informationen till "
                            "invånarna.",
                        ),
                    ),
                    farewell_lunch("12:15", with_lessons=True),
                    departure("13:30"),
                ],
            ),
        ],
        faqs=[
            (
                T(
                    "Can we bring our own laptops to the exercise?",
                    "Voimmeko tuoda omat kannettavamme harjoitukseen?",
                    "Får vi ta med egna bärbara datorer till övningen?",
                ),
                T(
                    "<p>Please don't: the exercise uses the campus's own workstations, and the "
                    "security operations centre does not allow personal devices in its "
                    "operations area.</p>",
                    "<p>Emme suosittele: harjoituksessa käytetään kampuksen omia työasemia, eikä "
                    "tietoturvavalvomo salli omia laitteita valvomotiloissaan.</p>",
                    "<p>Helst inte: övningen använder campusets egna arbetsstationer och "
                    "säkerhetscentret tillåter inga egna enheter i operationsrummet.</p>",
                ),
            ),
            *COMMON_FAQS,
        ],
        safety_extra=T(
            "<p>The security operations centre and the situation centre do not allow personal "
            "devices in their operations rooms; lockers are provided.</p>",
            "<p>Tietoturvavalvomo ja tilannekeskus eivät salli omia laitteita "
            "valvomoissaan; tavaroille on lukittavat kaapit.</p>",
            "<p>Säkerhetscentret och lägescentralen tillåter inga egna enheter i sina "
            "operationsrum; det finns låsbara skåp.</p>",
        ),
        departures=[(28, 12, "en"), (70, 16, "en"), (133, 16, "en")],
        hero_motif="network",
        hero_palette="cyber",
        gallery=[
            GalleryItem(
                "network",
                "cyber",
                T(
                    "A security operations centre watching the networks",
                    "Tietoturvavalvomo valvoo verkkoja",
                    "Ett säkerhetscenter som övervakar nätverken",
                ),
            ),
            GalleryItem(
                "grid",
                "public",
                T(
                    "A city's services during a cyber incident",
                    "Kaupungin palvelut kyberhäiriön aikana",
                    "En stads tjänster under en cyberincident",
                ),
            ),
            GalleryItem(
                "route",
                "travel",
                T(
                    "Duty of care for officials travelling abroad",
                    "Huolenpito ulkomailla matkustavista virkamiehistä",
                    "Omsorgsplikt för tjänstemän som reser utomlands",
                ),
            ),
        ],
    ),
    ProgrammeSpec(
        slug="keeping-public-spaces-open-and-safe",
        title=T(
            "Keeping public spaces open and safe",
            "Avoimet ja turvalliset julkiset tilat",
            "Öppna och trygga offentliga platser",
        ),
        summary=T(
            "For cities and police: how schools, libraries, markets and festivals stay open and "
            "welcoming while they prepare for threats — city–police cooperation, staff training, "
            "crowd safety and protective design, in the spirit of the European cities' "
            "commitment to share best practice.",
            "Kaupungeille ja poliisille: miten koulut, kirjastot, torit ja festivaalit pysyvät "
            "avoimina ja kutsuvina ja varautuvat silti uhkiin – kaupungin ja poliisin yhteistyö, "
            "henkilöstön koulutus, yleisöturvallisuus ja suojaava suunnittelu eurooppalaisten "
            "kaupunkien hyvien käytäntöjen jakamisen hengessä.",
            "För städer och polis: hur skolor, bibliotek, torg och festivaler förblir öppna och "
            "välkomnande samtidigt som de förbereder sig för hot – samarbetet mellan stad och "
            "polis, utbildning av personal, publiksäkerhet och skyddande utformning, i linje "
            "med de europeiska städernas åtagande att dela goda exempel.",
        ),
        seo=T(
            "Three days for cities and police on keeping schools, libraries, markets and "
            "festivals open and safe — city–police cooperation in Finland.",
            "Kolme päivää kaupungeille ja poliisille koulujen, kirjastojen, torien ja "
            "festivaalien pitämisestä avoimina ja turvallisina.",
            "Tre dagar för städer och polis om hur skolor, bibliotek, torg och festivaler hålls "
            "öppna och trygga – samarbete mellan stad och polis i Finland.",
        ),
        objectives=T(
            "Map the roles of the city, the police and event organisers in the security of "
            "public spaces\n"
            "See how the staff of schools and libraries are trained for threatening situations\n"
            "Assess crowd-safety and hostile-vehicle measures that keep places welcoming\n"
            "Take part in a lockdown exercise and its debrief\n"
            "Prepare practices to share with partner cities",
            "Hahmottaa kaupungin, poliisin ja tapahtumajärjestäjien roolit julkisten tilojen "
            "turvallisuudessa\n"
            "Nähdä, miten koulujen ja kirjastojen henkilöstö koulutetaan uhkatilanteisiin\n"
            "Arvioida yleisöturvallisuuden ja ajoneuvoesteiden ratkaisuja, jotka säilyttävät "
            "paikkojen viihtyisyyden\n"
            "Osallistua suojautumisharjoitukseen ja sen purkuun\n"
            "Valmistella käytäntöjä jaettavaksi kumppanikaupunkien kanssa",
            "Kartlägga rollerna för staden, polisen och evenemangsarrangörerna i säkerheten på "
            "offentliga platser\n"
            "Se hur personal i skolor och bibliotek utbildas inför hotsituationer\n"
            "Bedöma lösningar för publiksäkerhet och fordonshinder som bevarar platsernas "
            "trivsel\n"
            "Delta i en inrymningsövning och genomgången efteråt\n"
            "Förbereda arbetssätt att dela med partnerstäder",
        ),
        themes=["protection-of-public-spaces", "rescue-services-and-preparedness"],
        duration_days=3,
        group=(8, 24),
        languages=("en", "fi", "sv", "es"),
        prices=_prices((8, 12, "2350.00"), (13, 18, "1990.00"), (19, 24, "1790.00")),
        days=[
            Day(
                T("The open city", "Avoin kaupunki", "Den öppna staden"),
                [
                    arrival("11:00"),
                    welcome("14:30"),
                    Item(
                        Kind.SITE_VISIT,
                        "15:45",
                        120,
                        T(
                            "City and police, every day",
                            "Kaupunki ja poliisi arjessa",
                            "Stad och polis i vardagen",
                        ),
                        host="mikkeli-city-preparedness-office",
                        description=T(
                            "The police coordinator who works inside the city organisation, the "
                            "safety of schools and libraries, and a walk around the market "
                            "square.",
                            "Kaupungin organisaatiossa työskentelevä poliisikoordinaattori, "
                            "koulujen ja kirjastojen turvallisuus sekä kävelykierros torilla.",
                            "Polissamordnaren som arbetar inom stadens organisation, säkerheten i "
                            "skolor och bibliotek och en promenad runt torget.",
                        ),
                    ),
                    welcome_dinner("19:00"),
                ],
            ),
            Day(
                T(
                    "Training people, designing places",
                    "Ihmisten kouluttaminen ja paikkojen suunnittelu",
                    "Att utbilda människor och utforma platser",
                ),
                [
                    Item(
                        Kind.TRANSFER,
                        "08:00",
                        75,
                        T(
                            "Transfer to Pieksämäki",
                            "Siirtyminen Pieksämäelle",
                            "Transfer till Pieksämäki",
                        ),
                        T(
                            "Mikkeli → Pieksämäki",
                            "Mikkeli → Pieksämäki",
                            "S:t Michel → Pieksämäki",
                        ),
                    ),
                    Item(
                        Kind.EXERCISE,
                        "09:30",
                        150,
                        T(
                            "Lockdown exercise and debrief",
                            "Suojautumisharjoitus ja purku",
                            "Inrymningsövning och genomgång",
                        ),
                        host="lakeland-vocational-college",
                        description=T(
                            "Instructors train school staff in de-escalation, lockdown and "
                            "evacuation; the delegation takes part and joins the debrief.",
                            "Kouluttajat harjaannuttavat koulujen henkilöstöä tilanteen "
                            "rauhoittamiseen, suojautumiseen ja evakuointiin; ryhmä osallistuu "
                            "harjoitukseen ja sen purkuun.",
                            "Instruktörerna tränar skolpersonal i deeskalering, inrymning och "
                            "utrymning; delegationen deltar i övningen och i genomgången "
                            "efteråt.",
                        ),
                    ),
                    Item(
                        Kind.MEAL,
                        "12:15",
                        60,
                        T(
                            "Lunch at the college restaurant",
                            "Lounas oppilaitoksen ravintolassa",
                            "Lunch i institutets restaurang",
                        ),
                        "Pieksämäki",
                    ),
                    Item(
                        Kind.TRANSFER,
                        "13:15",
                        75,
                        T("Return to Mikkeli", "Paluu Mikkeliin", "Tillbaka till S:t Michel"),
                        T(
                            "Pieksämäki → Mikkeli",
                            "Pieksämäki → Mikkeli",
                            "Pieksämäki → S:t Michel",
                        ),
                    ),
                    Item(
                        Kind.SITE_VISIT,
                        "14:45",
                        120,
                        T(
                            "Crowd safety at a festival with 20,000 visitors",
                            "Yleisöturvallisuus 20 000 kävijän festivaalilla",
                            "Publiksäkerhet vid en festival med 20 000 besökare",
                        ),
                        host="lakeland-event-safety",
                        description=T(
                            "Crowd-flow modelling, hostile-vehicle barriers that still look "
                            "welcoming, and the joint command post.",
                            "Väkijoukkojen liikkeiden mallinnus, kutsuvilta näyttävät "
                            "ajoneuvoesteet ja yhteinen johtopaikka.",
                            "Modellering av folkmassans rörelser, fordonshinder som ändå ser "
                            "välkomnande ut och den gemensamma ledningsplatsen.",
                        ),
                    ),
                ],
            ),
            Day(
                T("When something happens", "Kun jotain tapahtuu", "När något händer"),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        120,
                        T(
                            "One situational picture for a city event",
                            "Yhteinen tilannekuva kaupungin suurtapahtumassa",
                            "En gemensam lägesbild för ett evenemang i staden",
                        ),
                        host="south-savo-joint-situation-centre",
                        description=T(
                            "How the authorities follow a large event together and react to an "
                            "incident.",
                            "Miten viranomaiset seuraavat suurtapahtumaa yhdessä ja reagoivat "
                            "välikohtaukseen.",
                            "Hur myndigheterna tillsammans följer ett stort evenemang och "
                            "reagerar på en incident.",
                        ),
                    ),
                    Item(
                        Kind.BRIEFING,
                        "10:45",
                        75,
                        T(
                            "Sharing practice between cities",
                            "Hyvät käytännöt kaupunkien kesken",
                            "Goda exempel mellan städer",
                        ),
                        HOTEL,
                        description=T(
                            "A workshop on what to share with partner cities — and a first draft "
                            "of the delegation's learning report.",
                            "Työpaja siitä, mitä jakaa kumppanikaupunkien kanssa – ja ryhmän "
                            "oppimisraportin ensimmäinen luonnos.",
                            "En workshop om vad som ska delas med partnerstäderna – och ett "
                            "första utkast till delegationens lärorapport.",
                        ),
                    ),
                    farewell_lunch("12:15"),
                    departure("13:15"),
                ],
            ),
        ],
        faqs=[
            (
                T(
                    "Can the programme be combined with a visit to Helsinki?",
                    "Voiko ohjelman yhdistää Helsingin-vierailuun?",
                    "Kan programmet kombineras med ett besök i Helsingfors?",
                ),
                T(
                    "<p>Yes. Many delegations add a day in Helsinki before or after the "
                    "programme; we arrange the extension with transport and accommodation.</p>",
                    "<p>Voi. Moni ryhmä lisää ohjelmaan päivän Helsingissä ennen ohjelmaa tai "
                    "sen jälkeen; järjestämme jatko-osan kuljetuksineen ja majoituksineen.</p>",
                    "<p>Ja. Många delegationer lägger till en dag i Helsingfors före eller efter "
                    "programmet; vi ordnar förlängningen med transport och inkvartering.</p>",
                ),
            ),
            *COMMON_FAQS,
        ],
        safety_extra=T(
            "<p>The lockdown exercise is a calm, guided drill; anyone may follow it from the side "
            "room instead.</p>",
            "<p>Suojautumisharjoitus on rauhallinen, ohjattu harjoitus; sitä voi halutessaan "
            "seurata myös sivuhuoneesta.</p>",
            "<p>Inrymningsövningen är en lugn, ledd övning; den som vill kan i stället följa den "
            "från sidorummet.</p>",
        ),
        departures=[(56, 24, "en"), (112, 20, "es"), (175, 24, "en")],
        hero_motif="grid",
        hero_palette="public",
        gallery=[
            GalleryItem(
                "grid",
                "public",
                T("An open market square", "Avoin tori", "Ett öppet torg"),
            ),
            GalleryItem(
                "route",
                "travel",
                T(
                    "Crowd flows at a summer festival",
                    "Väkijoukon liikkeet kesäfestivaalilla",
                    "Folkmassans rörelser på en sommarfestival",
                ),
            ),
            GalleryItem(
                "shield",
                "public",
                T(
                    "Protective design that stays welcoming",
                    "Suojaava mutta kutsuva suunnittelu",
                    "Skyddande utformning som förblir välkomnande",
                ),
            ),
        ],
    ),
    ProgrammeSpec(
        slug="headquarters-city-defence-heritage-and-preparedness",
        title=T(
            "Headquarters city: defence heritage and preparedness",
            "Päämajakaupunki: maanpuolustuksen perintö ja varautuminen",
            "Högkvartersstaden: försvarsarv och beredskap",
        ),
        summary=T(
            "Five days that connect the past and the present: the wartime General Headquarters "
            "in Mikkeli, the will to defend and the civil preparedness that grew from it, and the "
            "people who keep Finland ready today — from shelters and rescue services to "
            "volunteers on Lake Saimaa.",
            "Viisi päivää, jotka yhdistävät menneen ja nykyisen: Mikkelin sota-ajan päämaja, "
            "siitä kasvanut maanpuolustustahto ja väestön varautuminen sekä ihmiset, jotka "
            "pitävät Suomen valmiina tänään – väestönsuojista ja pelastustoimesta Saimaan "
            "vapaaehtoisiin.",
            "Fem dagar som förenar det förflutna och nuet: högkvarteret i S:t Michel under "
            "krigsåren, försvarsviljan och befolkningens beredskap som växte ur det, och "
            "människorna som håller Finland redo i dag – från skyddsrum och räddningsväsende "
            "till frivilliga på Saimen.",
        ),
        seo=T(
            "Five days in Mikkeli, Finland's wartime Headquarters city: defence heritage, civil "
            "preparedness, rescue services and volunteers.",
            "Viisi päivää sota-ajan päämajakaupungissa Mikkelissä: maanpuolustuksen perintö, "
            "väestön varautuminen, pelastustoimi ja vapaaehtoiset.",
            "Fem dagar i S:t Michel, Finlands högkvartersstad under krigsåren: försvarsarv, "
            "befolkningens beredskap, räddningsväsende och frivilliga.",
        ),
        objectives=T(
            "Understand how Finland's wartime experience shaped its comprehensive security "
            "model\n"
            "Discuss the will to defend, trust and civil preparedness with Finnish "
            "practitioners\n"
            "See shelters, rescue services and volunteers as parts of one system\n"
            "Reflect on which elements could be transferred to your own country",
            "Ymmärtää, miten sota-ajan kokemukset muovasivat suomalaista "
            "kokonaisturvallisuuden mallia\n"
            "Keskustella maanpuolustustahdosta, luottamuksesta ja väestön varautumisesta "
            "suomalaisten asiantuntijoiden kanssa\n"
            "Nähdä väestönsuojat, pelastustoimi ja vapaaehtoiset yhden järjestelmän osina\n"
            "Pohtia, mitä osia voisi soveltaa omassa maassa",
            "Förstå hur krigsårens erfarenheter har format den finländska modellen för "
            "övergripande säkerhet\n"
            "Diskutera försvarsvilja, förtroende och befolkningens beredskap med finländska "
            "experter\n"
            "Se skyddsrum, räddningsväsende och frivilliga som delar av ett och samma system\n"
            "Reflektera över vilka delar som kunde överföras till det egna landet",
        ),
        themes=["defence-and-comprehensive-security", "rescue-services-and-preparedness"],
        duration_days=5,
        group=(10, 24),
        languages=("en", "fi", "de"),
        prices=_prices((10, 16, "3450.00"), (17, 24, "2950.00")),
        includes_interpretation=True,
        days=[
            Day(
                ARRIVAL_DAY,
                [
                    arrival("11:00"),
                    welcome("14:30"),
                    heritage_walk(
                        "16:00",
                        T(
                            "Evening walk in the Headquarters city",
                            "Iltakävely päämajakaupungissa",
                            "Kvällspromenad i högkvartersstaden",
                        ),
                    ),
                    welcome_dinner("19:00"),
                ],
            ),
            Day(
                T(
                    "The General Headquarters, 1939–1944",
                    "Päämaja 1939–1944",
                    "Högkvarteret 1939–1944",
                ),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "09:00",
                        180,
                        T(
                            "The underground communications centre and the museum",
                            "Maanalainen viestikeskus ja museo",
                            "Den underjordiska signalcentralen och museet",
                        ),
                        host="headquarters-heritage-association",
                        description=T(
                            "The wartime sites, and a discussion on how the will to defend and "
                            "trust were built.",
                            "Sota-ajan kohteet ja keskustelu siitä, miten maanpuolustustahto ja "
                            "luottamus rakennettiin.",
                            "Platserna från krigsåren och ett samtal om hur försvarsviljan och "
                            "förtroendet byggdes upp.",
                        ),
                    ),
                    lunch("12:15", MIKKELI),
                    Item(
                        Kind.BRIEFING,
                        "13:30",
                        120,
                        T(
                            "From total defence to comprehensive security",
                            "Kokonaismaanpuolustuksesta kokonaisturvallisuuteen",
                            "Från totalförsvar till övergripande säkerhet",
                        ),
                        CITY_HALL,
                        description=T(
                            "A historian and a preparedness planner on how the concept evolved "
                            "and what it means for a municipality today.",
                            "Historioitsija ja valmiussuunnittelija kertovat, miten käsite on "
                            "kehittynyt ja mitä se merkitsee kunnalle tänään.",
                            "En historiker och en beredskapsplanerare om hur begreppet har "
                            "utvecklats och vad det betyder för en kommun i dag.",
                        ),
                    ),
                    Item(
                        Kind.FREE_TIME,
                        "16:00",
                        150,
                        T("Free time", "Vapaa-aikaa", "Fri tid"),
                        MIKKELI,
                    ),
                ],
            ),
            Day(
                T(
                    "Civil preparedness today",
                    "Väestön varautuminen tänään",
                    "Befolkningens beredskap i dag",
                ),
                [
                    Item(
                        Kind.SITE_VISIT,
                        "08:30",
                        120,
                        T(
                            "A shelter for 3,000 people",
                            "Väestönsuoja 3 000 hengelle",
                            "Ett skyddsrum för 3 000 personer",
                        ),
                        host="mikkeli-city-preparedness-office",
                        description=T(
                            "The civil-defence shelter that is a sports hall on weekdays, and "
                            "the city's continuity plans.",
                            "Arkisin urheiluhallina toimiva väestönsuoja ja kaupungin "
                            "jatkuvuussuunnitelmat.",
                            "Skyddsrummet som på vardagarna är idrottshall och stadens "
                            "kontinuitetsplaner.",
                        ),
                    ),
                    Item(
                        Kind.SITE_VISIT,
                        "11:00",
                        120,
                        T(
                            "The regional situation centre",
                            "Alueellinen tilannekeskus",
                            "Den regionala lägescentralen",
                        ),
                        host="south-savo-joint-situation-centre",
                        description=T(
                            "How the authorities build a shared situational picture and prepare "
                            "the region's decision-makers for crises.",
                            "Miten viranomaiset rakentavat yhteisen tilannekuvan ja "
                            "valmistavat maakunnan päättäjiä kriiseihin.",
                            "Hur myndigheterna bygger upp en gemensam lägesbild och förbereder "
                            "landskapets beslutsfattare för kriser.",
                        ),
                    ),
                    lunch("13:15", MIKKELI),
                    Item(
                        Kind.BRIEFING,
                        "14:30",
                        90,
                        T(
                            "Home preparedness: 72 hours",
                            "Kotivarautuminen: 72 tuntia",
                            "Hemberedskap: 72 timmar",
                        ),
                        T(
                            "Main library, Mikkeli",
                            "Pääkirjasto, Mikkeli",
                            "Huvudbiblioteket, S:t Michel",
                        ),
                        description=T(
                            "How households are encouraged to cope on their own for three days, "
                            "presented by the organisations that run the campaign.",
                            "Miten kotitalouksia kannustetaan selviytymään omin avuin kolme "
                            "vuorokautta – kampanjaa toteuttavien järjestöjen esittelemänä.",
                            "Hur hushållen uppmuntras att klara sig på egen hand i tre dygn, "
                            "presenterat av organisationerna bakom kampanjen.",
                        ),
                    ),
                ],
            ),
            Day(
                T(
                    "Rescuers, professional and volunteer",
                    "Pelastajat, ammattilaiset ja vapaaehtoiset",
                    "Räddare, yrkesfolk och frivilliga",
                ),
                [
                    rescue_exercise("08:30"),
                    lunch("11:45", MIKKELI),
                    to_savonlinna("12:45"),
                    lake_rescue(
                        "14:30",
                        T(
                            "Lake rescue on Saimaa",
                            "Järvipelastus Saimaalla",
                            "Sjöräddning på Saimen",
                        ),
                    ),
                    castle_dinner("17:30"),
                    from_savonlinna("21:00"),
                ],
            ),
            Day(
                T("What we take home", "Mitä viemme kotiin", "Det vi tar med oss hem"),
                [
                    campus_visit("09:00", 90),
                    lessons_workshop("10:45", "south-savo-security-campus"),
                    farewell_lunch("12:30"),
                    departure("13:30"),
                ],
            ),
        ],
        faqs=[
            (
                T(
                    "Is the underground site accessible?",
                    "Onko maanalainen kohde esteetön?",
                    "Är den underjordiska anläggningen tillgänglig?",
                ),
                T(
                    "<p>Steep stairs lead down to the wartime communications centre. Participants "
                    "who cannot use them follow the same story in the accessible museum "
                    "building, with the guide and a video of the site.</p>",
                    "<p>Sota-ajan viestikeskukseen johtavat jyrkät portaat. Ne, jotka eivät voi "
                    "käyttää portaita, kuulevat saman tarinan esteettömässä museorakennuksessa "
                    "oppaan johdolla ja näkevät kohteen videolla.</p>",
                    "<p>Till signalcentralen från krigsåren leder branta trappor. De som inte kan "
                    "använda dem får ta del av samma berättelse i den tillgängliga "
                    "museibyggnaden, med guiden och en video från platsen.</p>",
                ),
            ),
            *COMMON_FAQS,
        ],
        safety_extra=T(
            "<p>Steep stairs lead down to the underground site, which stays cool all year; life "
            "jackets are worn in the boats.</p>",
            "<p>Maanalaiseen kohteeseen johtavat jyrkät portaat, ja siellä on viileää ympäri "
            "vuoden; veneissä käytetään pelastusliivejä.</p>",
            "<p>Till den underjordiska anläggningen leder branta trappor och där är det svalt "
            "året om; i båtarna bärs flytväst.</p>",
        ),
        departures=[(63, 24, "en"), (140, 20, "de")],
        hero_motif="shield",
        hero_palette="defence",
        gallery=[
            GalleryItem(
                "shield",
                "defence",
                T("The will to defend", "Maanpuolustustahto", "Försvarsviljan"),
            ),
            GalleryItem(
                "forest",
                "home",
                T(
                    "The Headquarters city by the lake",
                    "Päämajakaupunki järven rannalla",
                    "Högkvartersstaden vid sjön",
                ),
            ),
            GalleryItem(
                "beacon",
                "rescue",
                T(
                    "Rescuers, professional and volunteer",
                    "Pelastajat, ammattilaiset ja vapaaehtoiset",
                    "Räddare, yrkesfolk och frivilliga",
                ),
            ),
            GalleryItem(
                "route",
                "travel",
                T(
                    "From the castle back to the Headquarters city",
                    "Linnalta takaisin päämajakaupunkiin",
                    "Från borgen tillbaka till högkvartersstaden",
                ),
            ),
        ],
    ),
]
