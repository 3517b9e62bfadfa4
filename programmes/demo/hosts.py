"""Host organisations from the five sectors (seed 002: authorities, companies, research,
education and the third sector learning across sectors). All names are fictional."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from programmes.enums import Sector

from .text import T


@dataclass(frozen=True)
class HostSpec:
    slug: str
    sector: str
    name: T
    summary: T
    description: T
    expertise: T
    street_address: str
    postal_code: str
    city: str
    latitude: Decimal
    longitude: Decimal
    accessibility: T
    visitor_rules: T
    requires_id_check: bool
    photography_allowed: bool
    requires_clearance: bool
    max_group_size: int
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    motif: str


def _lines(*rows: tuple[str, str, str]) -> T:
    return T(*("\n".join(row[i] for row in rows) for i in range(3)))


HOSTS: list[HostSpec] = [
    # ------------------------------------------------------------------ authorities
    HostSpec(
        slug="south-savo-rescue-training-centre",
        sector=Sector.AUTHORITY,
        name=T(
            "South Savo Rescue Training Centre",
            "Etelä-Savon pelastusharjoituskeskus",
            "Södra Savolax räddningsövningscenter",
        ),
        summary=T(
            "The rescue department's training ground: fire and smoke-diving halls, a water rescue "
            "pier on Lake Saimaa and a CBRN decontamination line.",
            "Pelastuslaitoksen harjoitusalue: palo- ja savusukellushallit, vesipelastuslaituri "
            "Saimaalla ja CBRN-puhdistuslinja.",
            "Räddningsverkets övningsområde: hallar för brand- och rökdykning, en brygga för "
            "vattenräddning vid Saimen och en linje för CBRN-sanering.",
        ),
        description=T(
            "<p>Professional firefighters and contract firefighters from the whole region train "
            "here every week. Visitors watch live exercises from a safe observation deck and talk "
            "with the instructors about response times, coverage of sparsely populated areas and "
            "the cooperation with volunteer brigades.</p><p>The centre also runs the region's CBRN "
            "decontamination exercises together with the emergency medical services of the "
            "wellbeing services county.</p>",
            "<p>Koko maakunnan ammattipalomiehet ja sopimuspalokuntalaiset harjoittelevat täällä "
            "viikoittain. Vierailijat seuraavat harjoituksia turvalliselta katselulavalta ja "
            "keskustelevat kouluttajien kanssa toimintavalmiusajoista, harvaan asutun alueen "
            "kattavuudesta ja yhteistyöstä vapaaehtoisten palokuntien kanssa.</p><p>Keskus "
            "järjestää myös alueen CBRN-puhdistusharjoitukset yhdessä hyvinvointialueen "
            "ensihoidon kanssa.</p>",
            "<p>Yrkesbrandmän och avtalsbrandmän från hela landskapet övar här varje vecka. "
            "Besökarna följer övningarna från en säker åskådarplattform och samtalar med "
            "instruktörerna om insatstider, täckning i glesbygd och samarbetet med de frivilliga "
            "brandkårerna.</p><p>Centret leder också regionens CBRN-saneringsövningar tillsammans "
            "med välfärdsområdets prehospitala akutsjukvård.</p>",
        ),
        expertise=_lines(
            (
                "Fire and rescue operations",
                "Palo- ja pelastustoiminta",
                "Brand- och räddningsinsatser",
            ),
            (
                "Smoke diving and live-fire training",
                "Savusukellus- ja kuumaharjoittelu",
                "Rökdykning och övningar med skarp eld",
            ),
            ("Water and ice rescue", "Vesi- ja jääpelastus", "Vatten- och isräddning"),
            ("CBRN decontamination", "CBRN-puhdistus", "CBRN-sanering"),
            (
                "Cooperation with contract fire brigades",
                "Yhteistyö sopimuspalokuntien kanssa",
                "Samarbete med avtalsbrandkårer",
            ),
        ),
        street_address="Pelastajantie 12",
        postal_code="50130",
        city="Mikkeli",
        latitude=Decimal("61.671200"),
        longitude=Decimal("27.230100"),
        accessibility=T(
            "The observation deck and the lecture hall are step-free; accessible toilet in the "
            "main building. The exercise yards have gravel surfaces.",
            "Katselulavalle ja luentosaliin on esteetön kulku; päärakennuksessa on esteetön WC. "
            "Harjoituskentillä on sorapinta.",
            "Åskådarplattformen och föreläsningssalen är tillgängliga utan trappor; tillgänglig "
            "toalett i huvudbyggnaden. Övningsplanerna har grusunderlag.",
        ),
        visitor_rules=T(
            "Names and dates of birth of all visitors at least 10 working days in advance. Photo "
            "ID at the gate. Photography is allowed except of the dispatch screens. Safety shoes "
            "and helmets are provided for the exercise yard; follow the instructor's signals at "
            "all times.",
            "Kaikkien vierailijoiden nimet ja syntymäajat vähintään 10 työpäivää etukäteen. "
            "Kuvallinen henkilötodistus portilla. Valokuvaaminen on sallittu hälytysnäyttöjä "
            "lukuun ottamatta. Harjoituskentälle annetaan turvakengät ja kypärät; noudata "
            "kouluttajan merkkejä koko ajan.",
            "Namn och födelsedatum för alla besökare senast 10 arbetsdagar i förväg. "
            "Fotolegitimation vid grinden. Fotografering är tillåten utom av larmskärmarna. "
            "Skyddsskor och hjälmar delas ut för övningsplanen; följ alltid instruktörens "
            "signaler.",
        ),
        requires_id_check=True,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=24,
        contact_name="Jari Laitinen",
        contact_email="visits@rescue-training.example",
        contact_phone="+358 15 555 0101",
        website="https://rescue-training.example",
        motif="beacon",
    ),
    HostSpec(
        slug="south-savo-joint-situation-centre",
        sector=Sector.AUTHORITY,
        name=T(
            "South Savo Joint Situation Centre",
            "Etelä-Savon yhteinen tilannekeskus",
            "Södra Savolax gemensamma lägescentral",
        ),
        summary=T(
            "Where rescue services, police, health care, the municipalities and critical "
            "infrastructure operators share one situational picture in a disruption.",
            "Paikka, jossa pelastustoimi, poliisi, sosiaali- ja terveydenhuolto, kunnat ja "
            "huoltovarmuuskriittiset toimijat jakavat yhteisen tilannekuvan häiriötilanteessa.",
            "Här delar räddningsväsendet, polisen, social- och hälsovården, kommunerna och "
            "aktörerna inom kritisk infrastruktur en gemensam lägesbild vid störningar.",
        ),
        description=T(
            "<p>In normal times the centre runs the regional preparedness forum and its "
            "exercises; in a storm, a long power cut or a cyber incident it becomes the meeting "
            "point of the authorities' duty officers. Delegations see how the situational picture "
            "is compiled, who decides what, and how information flows to municipalities and the "
            "public.</p>",
            "<p>Normaalioloissa keskus vastaa alueellisen valmiusfoorumin toiminnasta ja "
            "harjoituksista; myrskyssä, pitkässä sähkökatkossa tai kyberhäiriössä se on "
            "viranomaisten päivystäjien kokoontumispaikka. Vierailijat näkevät, miten tilannekuva "
            "kootaan, kuka päättää mistäkin ja miten tieto kulkee kunnille ja väestölle.</p>",
            "<p>Under normala förhållanden driver centralen det regionala beredskapsforumet och "
            "dess övningar; vid en storm, ett långvarigt elavbrott eller en cyberincident blir den "
            "mötesplatsen för myndigheternas jourhavande. Delegationerna ser hur lägesbilden "
            "sammanställs, vem som beslutar om vad och hur informationen når kommunerna och "
            "allmänheten.</p>",
        ),
        expertise=_lines(
            ("Shared situational picture", "Yhteinen tilannekuva", "Gemensam lägesbild"),
            (
                "Regional preparedness forum",
                "Alueellinen valmiusfoorumi",
                "Regionalt beredskapsforum",
            ),
            ("Crisis communication", "Kriisiviestintä", "Kriskommunikation"),
            (
                "Continuity of critical services",
                "Kriittisten palvelujen jatkuvuus",
                "Kontinuitet i kritiska tjänster",
            ),
            ("Multi-agency exercises", "Monialaiset harjoitukset", "Övningar med flera aktörer"),
        ),
        street_address="Maaherrankatu 20",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.687800"),
        longitude=Decimal("27.271000"),
        accessibility=T(
            "Step-free entrance and lift; hearing loop in the briefing room.",
            "Esteetön sisäänkäynti ja hissi; neuvotteluhuoneessa on induktiosilmukka.",
            "Tillgänglig entré och hiss; hörslinga i briefingrummet.",
        ),
        visitor_rules=T(
            "The host's security officer carries out a security clearance of the visitors: "
            "names, nationalities, dates of birth and passport numbers 15 working days in "
            "advance. Passport check at reception. No photography or recording in the operations "
            "room; mobile phones are left in lockers.",
            "Isännän turvallisuuspäällikkö tekee vierailijoista turvallisuusselvityksen: nimet, "
            "kansalaisuudet, syntymäajat ja passinumerot 15 työpäivää etukäteen. Passintarkastus "
            "vastaanotossa. Tilannehuoneessa ei saa kuvata eikä tallentaa; matkapuhelimet "
            "jätetään lokeroihin.",
            "Värdens säkerhetschef gör en säkerhetsutredning av besökarna: namn, medborgarskap, "
            "födelsedatum och passnummer 15 arbetsdagar i förväg. Passkontroll i receptionen. "
            "Ingen fotografering eller inspelning i lägesrummet; mobiltelefoner lämnas i skåp.",
        ),
        requires_id_check=True,
        photography_allowed=False,
        requires_clearance=True,
        max_group_size=24,
        contact_name="Riikka Halonen",
        contact_email="visits@situation-centre.example",
        contact_phone="+358 15 555 0102",
        website="https://situation-centre.example",
        motif="network",
    ),
    HostSpec(
        slug="mikkeli-city-preparedness-office",
        sector=Sector.AUTHORITY,
        name=T(
            "Mikkeli City Preparedness Office",
            "Mikkelin kaupungin valmiusyksikkö",
            "S:t Michels stads beredskapsenhet",
        ),
        summary=T(
            "The city's continuity planning, civil-defence shelters, school and event safety, and "
            "the everyday cooperation with the police.",
            "Kaupungin jatkuvuudenhallinta, väestönsuojat, koulujen ja tapahtumien turvallisuus "
            "sekä arjen yhteistyö poliisin kanssa.",
            "Stadens kontinuitetsplanering, skyddsrum, säkerheten i skolor och vid evenemang samt "
            "det vardagliga samarbetet med polisen.",
        ),
        description=T(
            "<p>A small team makes sure that the city keeps working when something breaks: "
            "water, heating, schools, care for the elderly and information to residents. Visitors "
            "tour a civil-defence shelter that is a sports hall on weekdays, and hear how schools, "
            "libraries and events train for threatening situations together with the police.</p>",
            "<p>Pieni tiimi varmistaa, että kaupunki toimii, kun jokin pettää: vesi, lämpö, "
            "koulut, vanhustenhoito ja tiedottaminen asukkaille. Vierailijat tutustuvat "
            "väestönsuojaan, joka on arkisin urheiluhalli, ja kuulevat, miten koulut, kirjastot "
            "ja tapahtumat harjoittelevat uhkatilanteita yhdessä poliisin kanssa.</p>",
            "<p>Ett litet team ser till att staden fungerar när något går sönder: vatten, värme, "
            "skolor, äldreomsorg och information till invånarna. Besökarna går runt i ett "
            "skyddsrum som på vardagarna är idrottshall och hör hur skolor, bibliotek och "
            "evenemang övar hotsituationer tillsammans med polisen.</p>",
        ),
        expertise=_lines(
            (
                "Municipal continuity management",
                "Kunnan jatkuvuudenhallinta",
                "Kommunal kontinuitetshantering",
            ),
            ("Civil-defence shelters", "Väestönsuojat", "Skyddsrum"),
            (
                "Safety of schools and libraries",
                "Koulujen ja kirjastojen turvallisuus",
                "Säkerhet i skolor och bibliotek",
            ),
            (
                "Safety of public events",
                "Yleisötapahtumien turvallisuus",
                "Säkerhet vid publika evenemang",
            ),
            (
                "City–police cooperation",
                "Kaupungin ja poliisin yhteistyö",
                "Samarbete mellan stad och polis",
            ),
        ),
        street_address="Raatihuoneenkatu 8",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.687000"),
        longitude=Decimal("27.273500"),
        accessibility=T(
            "The city hall and the shelter are step-free; the shelter tour covers about 400 "
            "metres on level floors.",
            "Kaupungintalo ja väestönsuoja ovat esteettömiä; väestönsuojakierros on noin 400 "
            "metriä tasaista lattiaa.",
            "Stadshuset och skyddsrummet är tillgängliga; rundturen i skyddsrummet är cirka 400 "
            "meter på plant golv.",
        ),
        visitor_rules=T(
            "Photo ID at the city hall reception. Photography is allowed in the shelter, but not "
            "of technical drawings or access-control systems.",
            "Kuvallinen henkilötodistus kaupungintalon vastaanotossa. Väestönsuojassa saa kuvata, "
            "mutta ei teknisiä piirustuksia tai kulunvalvontajärjestelmiä.",
            "Fotolegitimation i stadshusets reception. Fotografering är tillåten i skyddsrummet, "
            "men inte av tekniska ritningar eller passersystem.",
        ),
        requires_id_check=True,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=30,
        contact_name="Mikko Rantanen",
        contact_email="preparedness@city-of-mikkeli.example",
        contact_phone="+358 15 555 0103",
        website="https://city-of-mikkeli.example",
        motif="grid",
    ),
    # ------------------------------------------------------------------ companies
    HostSpec(
        slug="savo-cyber-defence",
        sector=Sector.COMPANY,
        name=T("Savo Cyber Defence Ltd", "Savon Kyberpuolustus Oy", "Savo Cyberförsvar Ab"),
        summary=T(
            "A security operations centre that watches over the networks of municipalities, "
            "hospitals and utilities in Eastern Finland around the clock.",
            "Tietoturvavalvomo (SOC), joka valvoo Itä-Suomen kuntien, sairaaloiden sekä vesi- ja "
            "energialaitosten verkkoja ympäri vuorokauden.",
            "Ett säkerhetscenter som dygnet runt övervakar nätverken hos kommuner, sjukhus och "
            "vatten- och energiverk i Östra Finland.",
        ),
        description=T(
            "<p>Analysts demonstrate how a phishing campaign against a municipality is detected, "
            "contained and reported to the national cyber security authority, and run a short "
            "tabletop exercise in which the delegation decides what to tell the public.</p>",
            "<p>Analyytikot näyttävät, miten kuntaan kohdistuva tietojenkalastelukampanja "
            "havaitaan, rajataan ja ilmoitetaan kansalliselle kyberturvallisuusviranomaiselle, ja "
            "vetävät lyhyen pöytäharjoituksen, jossa ryhmä päättää, mitä kansalaisille "
            "kerrotaan.</p>",
            "<p>Analytikerna visar hur en nätfiskekampanj mot en kommun upptäcks, begränsas och "
            "rapporteras till den nationella cybersäkerhetsmyndigheten, och leder en kort "
            "skrivbordsövning där delegationen beslutar vad allmänheten ska få veta.</p>",
        ),
        expertise=_lines(
            (
                "24/7 security operations centre",
                "Ympärivuorokautinen kyberturvallisuusvalvonta",
                "Säkerhetsövervakning dygnet runt",
            ),
            (
                "Incident response for municipalities",
                "Kuntien tietoturvaloukkausten hallinta",
                "Incidenthantering för kommuner",
            ),
            (
                "Operational technology (OT) security for utilities",
                "Vesi- ja energialaitosten OT-turvallisuus",
                "OT-säkerhet för vatten- och energiverk",
            ),
            ("Tabletop exercises", "Pöytäharjoitukset", "Skrivbordsövningar"),
        ),
        street_address="Patteristonkatu 3",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.691300"),
        longitude=Decimal("27.284700"),
        accessibility=T(
            "Step-free; the visitor room is on the ground floor.",
            "Esteetön; vierailijatila on katutasossa.",
            "Tillgängligt; besöksrummet ligger i gatuplanet.",
        ),
        visitor_rules=T(
            "A non-disclosure acknowledgement is signed on arrival. ID check. No photography; no "
            "personal laptops or USB devices in the operations area.",
            "Salassapitositoumus allekirjoitetaan saavuttaessa. Henkilöllisyyden tarkastus. "
            "Kuvaaminen on kielletty; omia kannettavia tietokoneita tai USB-laitteita ei saa "
            "viedä valvomoon.",
            "En sekretessförbindelse undertecknas vid ankomsten. ID-kontroll. Ingen "
            "fotografering; inga egna bärbara datorer eller USB-enheter i operationsrummet.",
        ),
        requires_id_check=True,
        photography_allowed=False,
        requires_clearance=False,
        max_group_size=16,
        contact_name="Sanna Pesonen",
        contact_email="visits@savo-cyber.example",
        contact_phone="+358 15 555 0104",
        website="https://savo-cyber.example",
        motif="network",
    ),
    HostSpec(
        slug="lakeland-water",
        sector=Sector.COMPANY,
        name=T("Lakeland Water Ltd", "Järvi-Suomen Vesi Oy", "Insjöfinlands Vatten Ab"),
        summary=T(
            "A municipally owned water utility: lake water treatment, a groundwater back-up, "
            "network security and emergency water distribution.",
            "Kuntien omistama vesihuoltolaitos: järviveden käsittely, varavedenottamo, "
            "verkoston turvallisuus ja hätävedenjakelu.",
            "Ett kommunägt vattenverk: beredning av sjövatten, reservvatten från grundvatten, "
            "nätets säkerhet och nöddistribution av vatten.",
        ),
        description=T(
            "<p>The utility's water safety plan follows water from the lake intake to the "
            "customer's tap. Visitors walk through the treatment plant, see the alarms of the "
            "control room and the mobile tanks used when the network fails, and discuss the "
            "cyber protection of automation systems.</p>",
            "<p>Laitoksen talousveden riskienhallintasuunnitelma seuraa vettä järven ottamolta "
            "asiakkaan hanaan asti. Vierailijat kiertävät vedenpuhdistamon, näkevät valvomon "
            "hälytykset ja verkoston häiriöissä käytettävät siirrettävät säiliöt sekä "
            "keskustelevat automaatiojärjestelmien kybersuojauksesta.</p>",
            "<p>Verkets vattensäkerhetsplan följer vattnet från intaget i sjön till kundens "
            "kran. Besökarna går genom reningsverket, ser larmen i kontrollrummet och de mobila "
            "tankarna som används när nätet slås ut, och diskuterar cyberskyddet av "
            "automationssystemen.</p>",
        ),
        expertise=_lines(
            ("Water safety planning", "Talousveden riskienhallinta", "Vattensäkerhetsplanering"),
            ("Lake water treatment", "Järviveden käsittely", "Beredning av sjövatten"),
            (
                "Emergency water distribution",
                "Hätävedenjakelu",
                "Nöddistribution av vatten",
            ),
            (
                "Automation and OT security",
                "Automaatio- ja OT-turvallisuus",
                "Automations- och OT-säkerhet",
            ),
        ),
        street_address="Kalevankatu 40",
        postal_code="50170",
        city="Mikkeli",
        latitude=Decimal("61.700500"),
        longitude=Decimal("27.261000"),
        accessibility=T(
            "The treatment hall has stairs and metal gratings; a step-free route leads to the "
            "control room and the meeting room.",
            "Puhdistamohallissa on portaita ja metalliritilöitä; esteetön reitti kulkee "
            "valvomoon ja neuvotteluhuoneeseen.",
            "Reningshallen har trappor och metallgaller; en tillgänglig rutt leder till "
            "kontrollrummet och mötesrummet.",
        ),
        visitor_rules=T(
            "Names 10 working days in advance. ID check. Visitors who have had a stomach illness "
            "in the past 48 hours may not enter the process areas. Photography only in the "
            "meeting room.",
            "Nimet 10 työpäivää etukäteen. Henkilöllisyyden tarkastus. Prosessitiloihin ei saa "
            "tulla, jos on sairastanut vatsatautia viimeisten 48 tunnin aikana. Kuvaaminen vain "
            "neuvotteluhuoneessa.",
            "Namn 10 arbetsdagar i förväg. ID-kontroll. Den som haft magsjuka under de senaste "
            "48 timmarna får inte gå in i processutrymmena. Fotografering endast i mötesrummet.",
        ),
        requires_id_check=True,
        photography_allowed=False,
        requires_clearance=False,
        max_group_size=16,
        contact_name="Tuomas Kettunen",
        contact_email="visits@lakeland-water.example",
        contact_phone="+358 15 555 0105",
        website="https://lakeland-water.example",
        motif="waves",
    ),
    HostSpec(
        slug="savo-harvest-foods",
        sector=Sector.COMPANY,
        name=T("Savo Harvest Foods Ltd", "Savon Sato Oy", "Savon Sato Ab"),
        summary=T(
            "A food processor that turns South Savo berries, grain and fish into products for "
            "Nordic shops — with traceability from field and lake to shelf.",
            "Elintarvikeyritys, joka jalostaa eteläsavolaisista marjoista, viljasta ja kalasta "
            "tuotteita Pohjoismaiden kauppoihin – jäljitettävästi pellolta ja järveltä kaupan "
            "hyllylle.",
            "Ett livsmedelsföretag som förädlar bär, spannmål och fisk från Södra Savolax till "
            "produkter för nordiska butiker – med spårbarhet från åker och sjö till hylla.",
        ),
        description=T(
            "<p>The production manager shows how hazards are analysed and controlled at each "
            "step, how a product recall is carried out within hours, and how the plant keeps "
            "producing when electricity, water or deliveries are disrupted — the private "
            "sector's part in security of supply.</p>",
            "<p>Tuotantopäällikkö näyttää, miten vaarat analysoidaan ja hallitaan jokaisessa "
            "vaiheessa, miten tuotteen takaisinveto hoidetaan tunneissa ja miten tehdas jatkaa "
            "tuotantoa sähkön, veden tai toimitusten häiriössä – yritysten osuus "
            "huoltovarmuudesta.</p>",
            "<p>Produktionschefen visar hur riskerna analyseras och hanteras i varje steg, hur en "
            "produktåterkallelse genomförs inom några timmar och hur fabriken fortsätter "
            "producera när el, vatten eller leveranser störs – näringslivets del i "
            "försörjningsberedskapen.</p>",
        ),
        expertise=_lines(
            (
                "HACCP and food safety management",
                "HACCP ja elintarviketurvallisuuden hallinta",
                "HACCP och livsmedelssäkerhet",
            ),
            (
                "Traceability and product recalls",
                "Jäljitettävyys ja takaisinvedot",
                "Spårbarhet och återkallelser",
            ),
            (
                "Security of supply in the food chain",
                "Elintarvikeketjun huoltovarmuus",
                "Försörjningsberedskap i livsmedelskedjan",
            ),
            (
                "Continuity planning for production",
                "Tuotannon jatkuvuussuunnittelu",
                "Kontinuitetsplanering för produktionen",
            ),
        ),
        street_address="Teollisuustie 7",
        postal_code="51900",
        city="Juva",
        latitude=Decimal("61.897500"),
        longitude=Decimal("28.306000"),
        accessibility=T(
            "The visitor gallery above the production line is reached by lift.",
            "Tuotantolinjan yläpuolella olevalle vierailijaparvelle pääsee hissillä.",
            "Besöksläktaren ovanför produktionslinjen nås med hiss.",
        ),
        visitor_rules=T(
            "Hygiene declaration on arrival; protective coats, hairnets and shoe covers are "
            "provided. No jewellery or watches in the production areas. Photography only from "
            "the visitor gallery.",
            "Hygieniaselvitys saavuttaessa; suojatakit, hiussuojat ja kengänsuojat annetaan. "
            "Tuotantotiloissa ei saa käyttää koruja eikä kelloja. Kuvaaminen vain "
            "vierailijaparvelta.",
            "Hygiendeklaration vid ankomsten; skyddsrockar, hårnät och skoskydd delas ut. Inga "
            "smycken eller klockor i produktionen. Fotografering endast från besöksläktaren.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=20,
        contact_name="Laura Hyvönen",
        contact_email="visits@savo-harvest.example",
        contact_phone="+358 15 555 0106",
        website="https://savo-harvest.example",
        motif="fields",
    ),
    HostSpec(
        slug="lakeland-event-safety",
        sector=Sector.COMPANY,
        name=T(
            "Lakeland Event Safety Ltd",
            "Järviseudun Tapahtumaturva Oy",
            "Insjöbygdens Evenemangssäkerhet Ab",
        ),
        summary=T(
            "Crowd safety for lakeside festivals, concerts and sports events: planning, "
            "stewarding and cooperation with the police and the rescue services.",
            "Yleisöturvallisuutta järvenrantafestivaaleille, konsertteihin ja "
            "urheilutapahtumiin: suunnittelu, järjestyksenvalvonta ja yhteistyö poliisin ja "
            "pelastuslaitoksen kanssa.",
            "Publiksäkerhet vid festivaler vid sjöstranden, konserter och idrottsevenemang: "
            "planering, ordningsvakter och samarbete med polis och räddningsväsende.",
        ),
        description=T(
            "<p>The company's planners walk delegations through the safety plan of a summer "
            "festival with 20,000 visitors: crowd-flow modelling, hostile-vehicle barriers that "
            "still look welcoming, stewarding, and the joint command post shared with the "
            "authorities on the festival days.</p>",
            "<p>Yrityksen suunnittelijat käyvät ryhmän kanssa läpi 20 000 kävijän "
            "kesäfestivaalin turvallisuussuunnitelman: väkijoukkojen liikkeiden mallinnuksen, "
            "ajoneuvoesteet, jotka näyttävät silti kutsuvilta, järjestyksenvalvonnan ja "
            "festivaalipäivien yhteisen johtopaikan viranomaisten kanssa.</p>",
            "<p>Företagets planerare går tillsammans med delegationen igenom säkerhetsplanen för "
            "en sommarfestival med 20 000 besökare: modellering av folkmassans rörelser, "
            "fordonshinder som ändå ser välkomnande ut, ordningsvakter och den gemensamma "
            "ledningsplatsen med myndigheterna under festivaldagarna.</p>",
        ),
        expertise=_lines(
            (
                "Event safety plans",
                "Tapahtumien turvallisuussuunnitelmat",
                "Säkerhetsplaner för evenemang",
            ),
            ("Crowd management", "Väkijoukkojen hallinta", "Hantering av folkmassor"),
            (
                "Hostile-vehicle mitigation",
                "Ajoneuvoiskujen torjunta",
                "Skydd mot fordonsattacker",
            ),
            (
                "Stewarding and training",
                "Järjestyksenvalvonta ja koulutus",
                "Ordningsvakter och utbildning",
            ),
        ),
        street_address="Savilahdenkatu 12",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.689300"),
        longitude=Decimal("27.281000"),
        accessibility=T(
            "The office and the demonstration area are step-free.",
            "Toimisto ja esittelyalue ovat esteettömiä.",
            "Kontoret och demonstrationsområdet är tillgängliga.",
        ),
        visitor_rules=T(
            "No special requirements. Photography is allowed.",
            "Ei erityisvaatimuksia. Valokuvaaminen on sallittu.",
            "Inga särskilda krav. Fotografering är tillåten.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=30,
        contact_name="Petri Nieminen",
        contact_email="hello@lakeland-event-safety.example",
        contact_phone="+358 15 555 0107",
        website="https://lakeland-event-safety.example",
        motif="route",
    ),
    # ------------------------------------------------------------------ research
    HostSpec(
        slug="saimaa-water-laboratory",
        sector=Sector.RESEARCH,
        name=T("Saimaa Water Laboratory", "Saimaan vesilaboratorio", "Saimens vattenlaboratorium"),
        summary=T(
            "An accredited laboratory for drinking water, lake water and wastewater, with a "
            "rapid-response service for contamination incidents.",
            "Akkreditoitu laboratorio, joka analysoi talousvettä, järvivettä ja jätevettä ja "
            "tarjoaa nopean vasteen palvelua vesien saastumistilanteisiin.",
            "Ett ackrediterat laboratorium för dricksvatten, sjövatten och avloppsvatten, med "
            "snabbinsats vid föroreningsincidenter.",
        ),
        description=T(
            "<p>Researchers show how a contamination alert is handled from the first sample to "
            "the boil-water notice, and present their work on monitoring wastewater for "
            "pathogens and on the water quality of the Saimaa lake system.</p>",
            "<p>Tutkijat näyttävät, miten saastumishälytys käsitellään ensimmäisestä näytteestä "
            "keittokehotukseen asti, ja esittelevät jäteveden seurantaa taudinaiheuttajien "
            "varalta sekä Saimaan vesistön vedenlaadun tutkimusta.</p>",
            "<p>Forskarna visar hur ett föroreningslarm hanteras från det första provet till "
            "uppmaningen att koka vattnet, och presenterar övervakningen av avloppsvatten för "
            "sjukdomsalstrare och forskningen om vattenkvaliteten i Saimens vattendrag.</p>",
        ),
        expertise=_lines(
            ("Drinking-water analysis", "Talousvesianalytiikka", "Analys av dricksvatten"),
            (
                "Rapid response to contamination incidents",
                "Nopea vaste saastumistilanteisiin",
                "Snabbinsats vid föroreningsincidenter",
            ),
            (
                "Wastewater-based epidemiology",
                "Jätevesiepidemiologia",
                "Avloppsvattenbaserad epidemiologi",
            ),
            (
                "Lake water quality research",
                "Järvien vedenlaadun tutkimus",
                "Forskning om sjöarnas vattenkvalitet",
            ),
        ),
        street_address="Laboratoriokuja 2",
        postal_code="50130",
        city="Mikkeli",
        latitude=Decimal("61.693000"),
        longitude=Decimal("27.256900"),
        accessibility=T(
            "Step-free building with a lift; the laboratories are viewed through windows from "
            "the corridor.",
            "Esteetön rakennus, jossa on hissi; laboratorioihin tutustutaan käytävän ikkunoiden "
            "kautta.",
            "Tillgänglig byggnad med hiss; laboratorierna ses genom fönster från korridoren.",
        ),
        visitor_rules=T(
            "Lab coats are provided. No food or drink in the laboratory wing. Photography with "
            "the guide's permission.",
            "Laboratoriotakit annetaan. Laboratoriosiivessä ei saa syödä eikä juoda. Kuvaaminen "
            "oppaan luvalla.",
            "Laboratorierockar delas ut. Ingen mat eller dryck i laboratorieflygeln. "
            "Fotografering med guidens tillstånd.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=16,
        contact_name="Dr Hanna Kärkkäinen",
        contact_email="visits@saimaa-water-lab.example",
        contact_phone="+358 15 555 0108",
        website="https://saimaa-water-lab.example",
        motif="waves",
    ),
    HostSpec(
        slug="lakeland-cbrn-measurement-station",
        sector=Sector.RESEARCH,
        name=T(
            "Lakeland CBRN Measurement Station",
            "Järvi-Suomen CBRN-mittausasema",
            "Insjöfinlands CBRN-mätstation",
        ),
        summary=T(
            "A research station that measures radiation and airborne chemical and biological "
            "agents, and trains first responders to take samples safely.",
            "Tutkimusasema, joka mittaa säteilyä sekä ilmassa kulkeutuvia kemiallisia ja "
            "biologisia aineita ja kouluttaa ensitoimijoita ottamaan näytteitä turvallisesti.",
            "En forskningsstation som mäter strålning samt luftburna kemiska och biologiska "
            "ämnen och utbildar insatspersonal i säker provtagning.",
        ),
        description=T(
            "<p>The station is part of an early-warning network. Visitors see the air samplers "
            "and gamma detectors, follow a field team in protective equipment taking samples at "
            "a simulated release, and discuss how measurement results reach the "
            "decision-makers.</p>",
            "<p>Asema on osa varhaisvaroitusverkkoa. Vierailijat näkevät ilmankeräimet ja "
            "gammailmaisimet, seuraavat suojavarusteisen kenttäryhmän näytteenottoa "
            "simuloidussa päästötilanteessa ja keskustelevat siitä, miten mittaustulokset "
            "päätyvät päättäjille.</p>",
            "<p>Stationen ingår i ett varningsnät. Besökarna ser luftprovtagarna och "
            "gammadetektorerna, följer ett fältteam i skyddsutrustning som tar prover vid ett "
            "simulerat utsläpp och diskuterar hur mätresultaten når beslutsfattarna.</p>",
        ),
        expertise=_lines(
            ("Radiation monitoring", "Säteilyvalvonta", "Strålningsövervakning"),
            (
                "Air sampling for chemical and biological agents",
                "Ilmanäytteet kemiallisten ja biologisten aineiden varalta",
                "Luftprovtagning för kemiska och biologiska ämnen",
            ),
            (
                "Field sampling in protective equipment",
                "Näytteenotto suojavarusteissa",
                "Fältprovtagning i skyddsutrustning",
            ),
            (
                "Measurement data for decision-makers",
                "Mittaustieto päätöksenteon tueksi",
                "Mätdata som underlag för beslut",
            ),
        ),
        street_address="Otavantie 210",
        postal_code="50670",
        city="Otava",
        latitude=Decimal("61.648000"),
        longitude=Decimal("27.062000"),
        accessibility=T(
            "The field area is uneven forest terrain; the measurement hall and the meeting room "
            "are step-free.",
            "Kenttäalue on epätasaista metsämaastoa; mittaushalli ja neuvotteluhuone ovat "
            "esteettömiä.",
            "Fältområdet är ojämn skogsterräng; mäthallen och mötesrummet är tillgängliga.",
        ),
        visitor_rules=T(
            "Security clearance required: names, nationalities and passport numbers 15 working "
            "days in advance. Passport check. Photography only in the meeting room. Wear sturdy "
            "outdoor shoes.",
            "Turvallisuusselvitys tarvitaan: nimet, kansalaisuudet ja passinumerot 15 työpäivää "
            "etukäteen. Passintarkastus. Kuvaaminen vain neuvotteluhuoneessa. Tukevat "
            "ulkojalkineet.",
            "Säkerhetsutredning krävs: namn, medborgarskap och passnummer 15 arbetsdagar i "
            "förväg. Passkontroll. Fotografering endast i mötesrummet. Stadiga utomhusskor.",
        ),
        requires_id_check=True,
        photography_allowed=False,
        requires_clearance=True,
        max_group_size=16,
        contact_name="Dr Antti Koskinen",
        contact_email="visits@cbrn-station.example",
        contact_phone="+358 15 555 0109",
        website="https://cbrn-station.example",
        motif="rings",
    ),
    # ------------------------------------------------------------------ education
    HostSpec(
        slug="south-savo-security-campus",
        sector=Sector.EDUCATION,
        name=T(
            "South Savo Security Campus",
            "Etelä-Savon turvallisuuskampus",
            "Södra Savolax säkerhetscampus",
        ),
        summary=T(
            "Degree programmes in security management, emergency care and cyber security, with "
            "a cyber range and a simulation hospital that visitors can try.",
            "Turvallisuusjohtamisen, ensihoidon ja kyberturvallisuuden koulutusta sekä "
            "kyberharjoitusympäristö ja simulaatiosairaala, joita vierailijat voivat kokeilla.",
            "Utbildning i säkerhetsledning, prehospital akutsjukvård och cybersäkerhet, med en "
            "cyberövningsmiljö och ett simuleringssjukhus som besökarna kan prova.",
        ),
        description=T(
            "<p>Students and lecturers run a short exercise on the campus cyber range, show the "
            "simulation hospital where paramedics train for mass-casualty incidents, and explain "
            "how the campus trains the region's security professionals together with the "
            "authorities and companies.</p>",
            "<p>Opiskelijat ja opettajat vetävät lyhyen harjoituksen kampuksen "
            "kyberharjoitusympäristössä, esittelevät simulaatiosairaalan, jossa ensihoitajat "
            "harjoittelevat suuronnettomuustilanteita, ja kertovat, miten kampus kouluttaa "
            "alueen turvallisuusammattilaisia yhdessä viranomaisten ja yritysten kanssa.</p>",
            "<p>Studerande och lärare leder en kort övning i campusets cyberövningsmiljö, visar "
            "simuleringssjukhuset där vårdare övar inför olyckor med många skadade och berättar "
            "hur campuset utbildar regionens säkerhetsproffs tillsammans med myndigheter och "
            "företag.</p>",
        ),
        expertise=_lines(
            (
                "Security management education",
                "Turvallisuusjohtamisen koulutus",
                "Utbildning i säkerhetsledning",
            ),
            ("Cyber range exercises", "Kyberharjoitukset", "Övningar i cyberövningsmiljö"),
            (
                "Emergency care simulation",
                "Ensihoidon simulaatiot",
                "Simulering av akutsjukvård",
            ),
            (
                "Applied research with the authorities",
                "Soveltava tutkimus viranomaisten kanssa",
                "Tillämpad forskning med myndigheterna",
            ),
        ),
        street_address="Kampuskatu 1",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.692100"),
        longitude=Decimal("27.283600"),
        accessibility=T(
            "Fully step-free campus with lifts, hearing loops in the auditoriums and accessible "
            "toilets on every floor.",
            "Täysin esteetön kampus: hissit, induktiosilmukat auditorioissa ja esteettömät WC:t "
            "joka kerroksessa.",
            "Helt tillgängligt campus med hissar, hörslingor i auditorierna och tillgängliga "
            "toaletter på varje våning.",
        ),
        visitor_rules=T(
            "Visitor badges in the main lobby. Photography is allowed, but ask before you "
            "photograph students.",
            "Vierailijakortit pääaulasta. Valokuvaaminen on sallittu, mutta kysy lupa ennen kuin "
            "kuvaat opiskelijoita.",
            "Besöksbrickor i huvudlobbyn. Fotografering är tillåten, men fråga innan du "
            "fotograferar studerande.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=40,
        contact_name="Kaisa Heikkinen",
        contact_email="international@security-campus.example",
        contact_phone="+358 15 555 0110",
        website="https://security-campus.example",
        motif="network",
    ),
    HostSpec(
        slug="lakeland-vocational-college",
        sector=Sector.EDUCATION,
        name=T(
            "Lakeland Vocational College, Safety and Security Unit",
            "Järvi-Suomen ammattiopisto, turvallisuusalan yksikkö",
            "Insjöfinlands yrkesinstitut, enheten för säkerhetsbranschen",
        ),
        summary=T(
            "Vocational training for security guards, event stewards and contract firefighters "
            "— and training for the staff of schools and libraries in threatening situations.",
            "Ammatillista koulutusta vartijoille, järjestyksenvalvojille ja "
            "sopimuspalokuntalaisille – sekä koulujen ja kirjastojen henkilöstön koulutusta "
            "uhkatilanteisiin.",
            "Yrkesutbildning för väktare, ordningsvakter och avtalsbrandmän – och utbildning av "
            "personal i skolor och bibliotek inför hotsituationer.",
        ),
        description=T(
            "<p>Instructors demonstrate the de-escalation and evacuation drills that the college "
            "teaches to guards, stewards and the staff of schools and libraries, and visitors can "
            "take part in a short lockdown exercise in the training building.</p>",
            "<p>Kouluttajat näyttävät tilanteen rauhoittamisen ja evakuoinnin harjoitteet, joita "
            "oppilaitos opettaa vartijoille, järjestyksenvalvojille sekä koulujen ja kirjastojen "
            "henkilöstölle, ja vierailijat voivat osallistua lyhyeen suojautumisharjoitukseen "
            "koulutusrakennuksessa.</p>",
            "<p>Instruktörerna visar de övningar i deeskalering och utrymning som institutet lär "
            "ut till väktare, ordningsvakter och personal i skolor och bibliotek, och besökarna "
            "kan delta i en kort inrymningsövning i utbildningsbyggnaden.</p>",
        ),
        expertise=_lines(
            (
                "Training of security guards and stewards",
                "Vartija- ja järjestyksenvalvojakoulutus",
                "Utbildning av väktare och ordningsvakter",
            ),
            (
                "De-escalation of threatening situations",
                "Uhkaavien tilanteiden rauhoittaminen",
                "Deeskalering av hotfulla situationer",
            ),
            (
                "Lockdown and evacuation drills",
                "Suojautumis- ja evakuointiharjoitukset",
                "Inrymnings- och utrymningsövningar",
            ),
            ("First aid", "Ensiapu", "Första hjälpen"),
        ),
        street_address="Opintie 3",
        postal_code="76100",
        city="Pieksämäki",
        latitude=Decimal("62.300200"),
        longitude=Decimal("27.146100"),
        accessibility=T(
            "The training building is step-free; the lockdown exercise can be followed from a "
            "side room.",
            "Koulutusrakennus on esteetön; suojautumisharjoitusta voi seurata sivuhuoneesta.",
            "Utbildningsbyggnaden är tillgänglig; inrymningsövningen kan följas från ett sidorum.",
        ),
        visitor_rules=T(
            "No special requirements. Photography is allowed during the demonstrations.",
            "Ei erityisvaatimuksia. Valokuvaaminen on sallittu esittelyjen aikana.",
            "Inga särskilda krav. Fotografering är tillåten under demonstrationerna.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=30,
        contact_name="Timo Savolainen",
        contact_email="security-unit@lakeland-college.example",
        contact_phone="+358 15 555 0111",
        website="https://lakeland-college.example",
        motif="shield",
    ),
    # ------------------------------------------------------------------ third sector
    HostSpec(
        slug="saimaa-volunteer-rescue-network",
        sector=Sector.THIRD_SECTOR,
        name=T(
            "Saimaa Volunteer Rescue Network",
            "Saimaan vapaaehtoinen pelastusverkosto",
            "Saimens frivilliga räddningsnätverk",
        ),
        summary=T(
            "Volunteers who search for missing people, rescue boaters on Lake Saimaa and support "
            "the authorities with first aid, catering and emergency shelter.",
            "Vapaaehtoiset, jotka etsivät kadonneita, pelastavat veneilijöitä Saimaalla ja "
            "tukevat viranomaisia ensiavulla, muonituksella ja hätämajoituksella.",
            "Frivilliga som söker efter försvunna, räddar båtfarare på Saimen och stöder "
            "myndigheterna med första hjälpen, förplägnad och nödinkvartering.",
        ),
        description=T(
            "<p>Some forty member organisations — voluntary fire brigades, lake rescue crews, "
            "first-aid groups and radio amateurs — form the network. Visitors ride along on a "
            "rescue boat exercise and hear how the authorities alert, lead and insure the "
            "volunteers.</p>",
            "<p>Verkostoon kuuluu noin neljäkymmentä jäsenjärjestöä – vapaapalokuntia, "
            "järvipelastajia, ensiapuryhmiä ja radioamatöörejä. Vierailijat pääsevät mukaan "
            "pelastusveneharjoitukseen ja kuulevat, miten viranomaiset hälyttävät, johtavat ja "
            "vakuuttavat vapaaehtoiset.</p>",
            "<p>Nätverket består av ett fyrtiotal medlemsorganisationer – frivilliga brandkårer, "
            "sjöräddare, första hjälpen-grupper och radioamatörer. Besökarna får följa med på en "
            "övning med räddningsbåt och höra hur myndigheterna larmar, leder och försäkrar de "
            "frivilliga.</p>",
        ),
        expertise=_lines(
            (
                "Search for missing persons",
                "Kadonneiden etsinnät",
                "Eftersök av försvunna personer",
            ),
            ("Lake rescue", "Järvipelastus", "Sjöräddning"),
            (
                "Psychosocial support and first aid",
                "Henkinen tuki ja ensiapu",
                "Psykosocialt stöd och första hjälpen",
            ),
            (
                "Volunteers in support of the authorities",
                "Vapaaehtoiset viranomaisten tukena",
                "Frivilliga som stöd för myndigheterna",
            ),
        ),
        street_address="Satamakatu 11",
        postal_code="57130",
        city="Savonlinna",
        latitude=Decimal("61.868000"),
        longitude=Decimal("28.887000"),
        accessibility=T(
            "Taking part in the boat exercise means stepping down into a boat; the harbour "
            "building and the pier are step-free, and the exercise can be followed from the "
            "pier.",
            "Veneharjoitukseen osallistuminen vaatii veneeseen nousemista; satamarakennus ja "
            "laituri ovat esteettömiä, ja harjoitusta voi seurata laiturilta.",
            "För att delta i båtövningen måste man kliva ner i en båt; hamnbyggnaden och bryggan "
            "är tillgängliga och övningen kan följas från bryggan.",
        ),
        visitor_rules=T(
            "Life jackets are provided and must be worn in the boats. Photography is welcome.",
            "Pelastusliivit annetaan, ja niitä on käytettävä veneissä. Valokuvaaminen on "
            "tervetullutta.",
            "Flytvästar delas ut och ska bäras i båtarna. Fotografering är välkommen.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=24,
        contact_name="Eeva Turunen",
        contact_email="contact@saimaa-rescue-volunteers.example",
        contact_phone="+358 15 555 0112",
        website="https://saimaa-rescue-volunteers.example",
        motif="waves",
    ),
    HostSpec(
        slug="headquarters-heritage-association",
        sector=Sector.THIRD_SECTOR,
        name=T(
            "Headquarters Heritage Association",
            "Päämajaperinneyhdistys",
            "Föreningen för högkvartersarvet",
        ),
        summary=T(
            "Volunteers who keep alive the story of Mikkeli as the wartime General Headquarters "
            "— and show what it teaches about preparedness today.",
            "Vapaaehtoiset, jotka pitävät elävänä tarinaa Mikkelistä sota-ajan päämajakaupunkina "
            "– ja näyttävät, mitä se opettaa varautumisesta tänään.",
            "Frivilliga som håller berättelsen om S:t Michel som högkvartersstad under krigsåren "
            "levande – och visar vad den lär oss om beredskap i dag.",
        ),
        description=T(
            "<p>Guides lead delegations to the headquarters sites of 1939–1944, including the "
            "underground communications centre, and open a discussion on how a small nation's "
            "will to defend itself, civil preparedness and trust between people and authorities "
            "were built — and how they are maintained today.</p>",
            "<p>Oppaat johdattavat ryhmät vuosien 1939–1944 päämajan kohteisiin, myös "
            "maanalaiseen viestikeskukseen, ja avaavat keskustelun siitä, miten pienen kansan "
            "maanpuolustustahto, väestön varautuminen ja kansalaisten luottamus viranomaisiin "
            "rakennettiin – ja miten niitä ylläpidetään tänään.</p>",
            "<p>Guiderna leder delegationerna till högkvarterets platser från åren 1939–1944, "
            "bland annat den underjordiska signalcentralen, och öppnar ett samtal om hur en liten "
            "nations försvarsvilja, befolkningens beredskap och förtroendet mellan människor och "
            "myndigheter byggdes upp – och hur de upprätthålls i dag.</p>",
        ),
        expertise=_lines(
            (
                "Military history of the Headquarters city",
                "Päämajakaupungin sotahistoria",
                "Högkvartersstadens militärhistoria",
            ),
            (
                "Will to defend and civil preparedness",
                "Maanpuolustustahto ja väestön varautuminen",
                "Försvarsvilja och befolkningens beredskap",
            ),
            ("Guided heritage tours", "Opastetut perinnekierrokset", "Guidade kulturarvsturer"),
            (
                "Volunteer-run heritage work",
                "Vapaaehtoisvoimin tehtävä perinnetyö",
                "Kulturarvsarbete som drivs av frivilliga",
            ),
        ),
        street_address="Linnankatu 6",
        postal_code="50100",
        city="Mikkeli",
        latitude=Decimal("61.687700"),
        longitude=Decimal("27.275600"),
        accessibility=T(
            "Steep stairs lead down to the underground communications centre, which is not "
            "accessible to wheelchair users; the museum building is step-free and shows the "
            "centre on video.",
            "Maanalaiseen viestikeskukseen johtavat jyrkät portaat, eikä se ole esteetön "
            "pyörätuolin käyttäjille; museorakennus on esteetön ja esittelee viestikeskuksen "
            "videolla.",
            "Till den underjordiska signalcentralen leder branta trappor och den är inte "
            "tillgänglig för rullstolsanvändare; museibyggnaden är tillgänglig och visar "
            "centralen på video.",
        ),
        visitor_rules=T(
            "Photography is allowed without flash. The underground site stays at about +10 °C "
            "all year: bring a warm layer.",
            "Valokuvaaminen on sallittu ilman salamaa. Maanalaisen kohteen lämpötila on ympäri "
            "vuoden noin +10 °C: ota mukaan lämmintä vaatetta.",
            "Fotografering är tillåten utan blixt. Den underjordiska anläggningen håller cirka "
            "+10 °C året om: ta med ett varmt plagg.",
        ),
        requires_id_check=False,
        photography_allowed=True,
        requires_clearance=False,
        max_group_size=25,
        contact_name="Kalevi Manninen",
        contact_email="guides@hq-heritage.example",
        contact_phone="+358 15 555 0113",
        website="https://hq-heritage.example",
        motif="shield",
    ),
]


# How each city is called in the content languages (Swedish has names of its own).
CITY_NAMES: dict[str, T] = {
    "Mikkeli": T("Mikkeli", "Mikkeli", "S:t Michel"),
    "Savonlinna": T("Savonlinna", "Savonlinna", "Nyslott"),
    "Juva": T("Juva", "Juva", "Jockas"),
    "Pieksämäki": T("Pieksämäki", "Pieksämäki", "Pieksämäki"),
    "Otava": T("Otava, Mikkeli", "Otava, Mikkeli", "Otava, S:t Michel"),
}

HOSTS_BY_SLUG: dict[str, HostSpec] = {host.slug: host for host in HOSTS}
