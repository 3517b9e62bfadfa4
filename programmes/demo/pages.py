"""Home, index pages, standard pages and the enquiry form (seeds 000 and 001)."""

from __future__ import annotations

from dataclasses import dataclass

from .text import Block, T, callout, heading, paragraph


@dataclass(frozen=True)
class PageText:
    slug: str
    title: T
    intro: T
    seo: T
    body: list[Block]
    in_menu: bool = False


SITE_NAME = "Päämaja"

HOME = {
    "title": T(SITE_NAME, SITE_NAME, SITE_NAME),
    "seo_title": T(
        "Päämaja – security visitor programmes in Mikkeli, Finland",
        "Päämaja – turvallisuusalan vierailuohjelmat Mikkelissä",
        "Päämaja – besöksprogram om säkerhet i S:t Michel, Finland",
    ),
    "seo": T(
        "Visitor programmes for international delegations in Mikkeli and South Savo, the "
        "headquarters city of security: see how a safe society is made.",
        "Vierailuohjelmia kansainvälisille ryhmille turvallisuuden päämajakaupungissa "
        "Mikkelissä ja Etelä-Savossa: näe, miten turvallinen yhteiskunta tehdään.",
        "Besöksprogram för internationella delegationer i S:t Michel och Södra Savolax, "
        "säkerhetens högkvartersstad: se hur ett tryggt samhälle skapas.",
    ),
    "hero_heading": T(
        "See how a safe society is made",
        "Näe, miten turvallinen yhteiskunta tehdään",
        "Se hur ett tryggt samhälle skapas",
    ),
    "hero_text": T(
        "Visitor programmes for international delegations in Mikkeli and South Savo, the "
        "headquarters city of security: site visits with the authorities, companies, "
        "researchers, schools and volunteers who keep everyday life safe.",
        "Vierailuohjelmia kansainvälisille ryhmille turvallisuuden päämajakaupungissa "
        "Mikkelissä ja Etelä-Savossa: vierailuja viranomaisten, yritysten, tutkijoiden, "
        "oppilaitosten ja vapaaehtoisten luona – heidän, jotka pitävät arjen turvallisena.",
        "Besöksprogram för internationella delegationer i S:t Michel och Södra Savolax, "
        "säkerhetens högkvartersstad: studiebesök hos myndigheter, företag, forskare, "
        "läroanstalter och frivilliga som håller vardagen trygg.",
    ),
    "body": [
        heading(T("Why South Savo?", "Miksi Etelä-Savo?", "Varför Södra Savolax?")),
        paragraph(
            T(
                "<p>There are plenty of trainings and conferences on security, but few places "
                "where decision-makers can see how security is actually produced through local "
                "and regional cooperation across sectors. Our programmes take you to the people "
                "who do it — and give you time to ask how.</p>",
                "<p>Turvallisuudesta järjestetään runsaasti koulutuksia ja konferensseja, mutta "
                "harvassa ovat paikat, joissa päättäjät voivat nähdä, miten turvallisuutta "
                "käytännössä tuotetaan paikallisena ja alueellisena yhteistyönä yli "
                "sektorirajojen. Ohjelmamme vievät teidät niiden ihmisten luo, jotka työtä "
                "tekevät – ja antavat aikaa kysyä, miten se tehdään.</p>",
                "<p>Det finns gott om utbildningar och konferenser om säkerhet, men få platser där "
                "beslutsfattare kan se hur säkerhet i praktiken skapas genom lokalt och "
                "regionalt samarbete över sektorsgränserna. Våra program tar er till människorna "
                "som gör jobbet – och ger er tid att fråga hur.</p>",
            )
        ),
        callout(
            T("Complete packages", "Valmiit kokonaisuudet", "Kompletta paket"),
            T(
                "<p>Transport from Helsinki, accommodation, meals, site visits, a safety briefing "
                "and a duty officer around the clock are included. After the visit you receive a "
                "learning report.</p>",
                "<p>Ohjelmaan sisältyvät kuljetukset Helsingistä, majoitus, ateriat, vierailut, "
                "turvallisuusinfo ja ympärivuorokautinen päivystys. Vierailun jälkeen saatte "
                "oppimisraportin.</p>",
                "<p>I paketet ingår transport från Helsingfors, inkvartering, måltider, "
                "studiebesök, en säkerhetsgenomgång och en jourhavande dygnet runt. Efter besöket "
                "får ni en lärorapport.</p>",
            ),
        ),
        heading(T("Tailored programmes", "Räätälöidyt ohjelmat", "Skräddarsydda program")),
        paragraph(
            T(
                "<p>Need a different focus, length or language? Tell us what your delegation "
                "wants to learn and we will build the programme around it.</p>",
                "<p>Tarvitsetteko toisenlaisen painotuksen, keston tai kielen? Kertokaa, mitä "
                "ryhmänne haluaa oppia, niin rakennamme ohjelman sen ympärille.</p>",
                "<p>Behöver ni ett annat fokus, en annan längd eller ett annat språk? Berätta vad "
                "er delegation vill lära sig så bygger vi programmet kring det.</p>",
            )
        ),
    ],
}

PROGRAMME_INDEX = PageText(
    slug="programmes",
    title=T("Programmes", "Ohjelmat", "Program"),
    intro=T(
        "Ready-made visitor programmes of three to five days, with travel, accommodation and "
        "site visits arranged. Every programme can also be tailored.",
        "Valmiita kolmen–viiden päivän vierailuohjelmia, joihin sisältyvät kuljetukset, "
        "majoitus ja vierailut. Jokaisen ohjelman voi myös räätälöidä.",
        "Färdiga besöksprogram på tre till fem dagar, med resor, inkvartering och studiebesök "
        "ordnade. Varje program kan också skräddarsys.",
    ),
    seo=T(
        "Security visitor programmes of three to five days in Mikkeli and South Savo, Finland, "
        "with scheduled departures and prices.",
        "Kolmen–viiden päivän turvallisuusalan vierailuohjelmat Mikkelissä ja Etelä-Savossa – "
        "lähtöpäivät ja hinnat.",
        "Besöksprogram om säkerhet på tre till fem dagar i S:t Michel och Södra Savolax, med "
        "avgångar och priser.",
    ),
    body=[],
    in_menu=True,
)

THEME_INDEX = PageText(
    slug="themes",
    title=T("Themes", "Teemat", "Teman"),
    intro=T(
        "Seven fields of security in which South Savo has something to show.",
        "Seitsemän turvallisuuden osa-aluetta, joissa Etelä-Savolla on näytettävää.",
        "Sju säkerhetsområden där Södra Savolax har något att visa.",
    ),
    seo=T(
        "Rescue services, comprehensive security, water and food, CBRN, hybrid and cyber "
        "threats, public spaces and travel security in South Savo, Finland.",
        "Pelastustoimi, kokonaisturvallisuus, vesi ja ruoka, CBRN, hybridi- ja kyberuhat, "
        "julkiset tilat ja matkustusturvallisuus Etelä-Savossa.",
        "Räddningsväsende, övergripande säkerhet, vatten och livsmedel, CBRN, hybrid- och "
        "cyberhot, offentliga platser och resesäkerhet i Södra Savolax.",
    ),
    body=[],
    in_menu=True,
)

HOST_INDEX = PageText(
    slug="hosts",
    title=T("Host organisations", "Isäntäorganisaatiot", "Värdorganisationer"),
    intro=T(
        "Authorities, companies, research institutes, schools and organisations that open their "
        "doors to delegations — because security is produced across sectors.",
        "Viranomaiset, yritykset, tutkimuslaitokset, oppilaitokset ja järjestöt, jotka avaavat "
        "ovensa vierailijaryhmille – koska turvallisuutta tuotetaan yli sektorirajojen.",
        "Myndigheter, företag, forskningsinstitut, läroanstalter och organisationer som öppnar "
        "sina dörrar för delegationer – eftersom säkerhet skapas över sektorsgränserna.",
    ),
    seo=T(
        "The authorities, companies, research institutes, schools and NGOs in South Savo that "
        "receive international delegations.",
        "Etelä-Savon viranomaiset, yritykset, tutkimuslaitokset, oppilaitokset ja järjestöt, "
        "jotka ottavat vastaan kansainvälisiä ryhmiä.",
        "Myndigheter, företag, forskningsinstitut, läroanstalter och organisationer i Södra "
        "Savolax som tar emot internationella delegationer.",
    ),
    body=[],
    in_menu=True,
)

STANDARD_PAGES: list[PageText] = [
    PageText(
        slug="about-the-region",
        title=T("About the region", "Tietoa alueesta", "Om regionen"),
        intro=T(
            "Mikkeli and South Savo want to be known as the headquarters city of security: a "
            "place where high-level delegations can see, not just hear, how a safe everyday "
            "life is produced.",
            "Mikkeli ja Etelä-Savo haluavat tulla tunnetuiksi turvallisuuden "
            "päämajakaupunkina: paikkana, jossa korkean tason vierailijaryhmät voivat nähdä – "
            "eivät vain kuulla – miten turvallinen arki tuotetaan.",
            "S:t Michel och Södra Savolax vill bli kända som säkerhetens högkvartersstad: en "
            "plats där delegationer på hög nivå kan se – inte bara höra – hur en trygg vardag "
            "skapas.",
        ),
        seo=T(
            "Why Mikkeli and South Savo: security expertise, cooperation across sectors and the "
            "history of Finland's wartime Headquarters city.",
            "Miksi Mikkeli ja Etelä-Savo: turvallisuusosaaminen, yhteistyö yli sektorirajojen ja "
            "sota-ajan päämajakaupungin historia.",
            "Varför S:t Michel och Södra Savolax: säkerhetskunnande, samarbete över "
            "sektorsgränserna och historien som Finlands högkvartersstad under krigsåren.",
        ),
        body=[
            heading(
                T(
                    "Security is made in everyday life",
                    "Turvallisuus tehdään arjessa",
                    "Säkerhet skapas i vardagen",
                )
            ),
            paragraph(
                T(
                    "<p>Practical security is not only about countering military threats and "
                    "terrorism or protecting critical infrastructure. It is the daily work done "
                    "where people live: safe forests, water and food in a world where they face "
                    "chemical, biological and radiation risks. In South Savo, environmental and "
                    "water technology, food safety and security expertise meet — and so do the "
                    "authorities, companies, researchers, schools and organisations that produce "
                    "security.</p>",
                    "<p>Käytännön turvallisuus ei ole vain sotilaallisten uhkien ja terrorismin "
                    "torjuntaa tai kriittisen infrastruktuurin suojaamista. Se on arkista työtä "
                    "siellä, missä ihmiset elävät: turvallinen metsä, vesi ja ruoka maailmassa, "
                    "jossa niitä uhkaavat kemialliset, biologiset ja säteilyyn liittyvät riskit. "
                    "Etelä-Savossa ympäristö- ja vesiteknologian, elintarviketurvallisuuden ja "
                    "turvallisuuden osaaminen kohtaavat – samoin viranomaiset, yritykset, "
                    "tutkijat, oppilaitokset ja järjestöt, jotka turvallisuutta tuottavat.</p>",
                    "<p>Praktisk säkerhet handlar inte bara om att motverka militära hot och "
                    "terrorism eller om att skydda kritisk infrastruktur. Det är det dagliga "
                    "arbetet där människor lever: trygga skogar, säkert vatten och säker mat i en "
                    "värld där de hotas av kemiska, biologiska och radiologiska risker. I Södra "
                    "Savolax möts kunnande inom miljö- och vattenteknik, livsmedelssäkerhet och "
                    "säkerhet – liksom myndigheterna, företagen, forskarna, läroanstalterna och "
                    "organisationerna som skapar säkerheten.</p>",
                )
            ),
            heading(T("Why Finland?", "Miksi Suomi?", "Varför Finland?")),
            paragraph(
                T(
                    "<p>Finland is an open society with transparent administration and a long "
                    "tradition of comprehensive security, in which the authorities, business, "
                    "organisations and citizens prepare together. It also has internationally "
                    "interesting expertise in newer challenges, such as recognising the "
                    "complexity of hybrid and cyber threats and developing new kinds of "
                    "response.</p>",
                    "<p>Suomi on avoin yhteiskunta, jonka hallinto on läpinäkyvää ja jolla on "
                    "pitkä kokonaisturvallisuuden perinne: viranomaiset, elinkeinoelämä, "
                    "järjestöt ja kansalaiset varautuvat yhdessä. Suomella on kansainvälisesti "
                    "kiinnostavaa osaamista myös uusissa haasteissa, kuten hybridi- ja "
                    "kyberuhkien monimutkaisuuden tunnistamisessa ja uudenlaisen vasteen "
                    "kehittämisessä.</p>",
                    "<p>Finland är ett öppet samhälle med en transparent förvaltning och en lång "
                    "tradition av övergripande säkerhet, där myndigheter, näringsliv, "
                    "organisationer och medborgare förbereder sig tillsammans. Finland har också "
                    "internationellt intressant kunnande när det gäller nyare utmaningar, som att "
                    "känna igen hybrid- och cyberhotens komplexitet och utveckla nya sätt att "
                    "möta dem.</p>",
                )
            ),
            heading(T("Why Mikkeli?", "Miksi Mikkeli?", "Varför S:t Michel?")),
            paragraph(
                T(
                    "<p>Mikkeli has a strong position in both national defence and rescue "
                    "services. It was the seat of Finland's General Headquarters during the "
                    "Second World War, which gives today's solutions historical depth. Security "
                    "companies working for international markets operate in the city, and its "
                    "universities and colleges train the region's professionals.</p>",
                    "<p>Mikkelillä on vahva asema sekä maanpuolustuksessa että "
                    "pelastustoiminnassa. Kaupunki oli Suomen päämajan sijaintipaikka toisen "
                    "maailmansodan aikana, mikä antaa tämän päivän ratkaisuille historiallista "
                    "syvyyttä. Kaupungissa toimii kansainvälisille markkinoille suuntautuvia "
                    "turvallisuusalan yrityksiä, ja sen korkeakoulut ja oppilaitokset kouluttavat "
                    "alueen ammattilaiset.</p>",
                    "<p>S:t Michel har en stark ställning inom både försvaret och "
                    "räddningsväsendet. Staden var säte för Finlands högkvarter under andra "
                    "världskriget, vilket ger dagens lösningar historiskt djup. I staden verkar "
                    "säkerhetsföretag som riktar sig till internationella marknader, och dess "
                    "högskolor och läroanstalter utbildar regionens yrkesfolk.</p>",
                )
            ),
            callout(
                T("Learning reports", "Oppimisraportit", "Lärorapporter"),
                T(
                    "<p>After every visit we compile a learning report with the delegation and "
                    "the hosts. The region uses the reports to judge the impact of the visits "
                    "and to keep improving the programmes.</p>",
                    "<p>Jokaisen vierailun jälkeen kokoamme ryhmän ja isäntien kanssa "
                    "oppimisraportin. Alue arvioi raporttien avulla vierailujen vaikutuksia ja "
                    "kehittää ohjelmia jatkuvasti.</p>",
                    "<p>Efter varje besök sammanställer vi en lärorapport tillsammans med "
                    "delegationen och värdarna. Regionen använder rapporterna för att bedöma "
                    "besökens effekter och ständigt utveckla programmen.</p>",
                ),
            ),
        ],
        in_menu=True,
    ),
    PageText(
        slug="safety-and-duty-of-care",
        title=T(
            "Safety and duty of care", "Turvallisuus ja huolenpito", "Säkerhet och omsorgsplikt"
        ),
        intro=T(
            "Your delegation's safety is part of the programme, not an afterthought. Our "
            "duty-of-care process follows the travel-security practice developed for Finnish "
            "state officials on missions abroad.",
            "Ryhmänne turvallisuus on osa ohjelmaa, ei jälkikäteen mietitty lisä. "
            "Huolenpitoprosessimme noudattaa käytäntöjä, jotka on kehitetty Suomen "
            "valtionhallinnon virkamiesten ulkomaan virkamatkoille.",
            "Er delegations säkerhet är en del av programmet, inte en eftertanke. Vår process "
            "för omsorgsplikt följer den praxis för resesäkerhet som utvecklats för finländska "
            "statstjänstemän på tjänsteresor utomlands.",
        ),
        seo=T(
            "How we keep delegations safe: risk assessment, safety briefing, situational picture, "
            "emergency action and feedback.",
            "Näin huolehdimme ryhmien turvallisuudesta: riskiarvio, turvallisuusinfo, "
            "tilannekuva, toiminta hätätilanteissa ja palaute.",
            "Så tar vi hand om delegationernas säkerhet: riskbedömning, säkerhetsgenomgång, "
            "lägesbild, agerande i nödsituationer och respons.",
        ),
        body=[
            heading(
                T(
                    "Risk assessment before the visit",
                    "Riskiarvio ennen vierailua",
                    "Riskbedömning före besöket",
                )
            ),
            paragraph(
                T(
                    "<p>Before we confirm a programme, the programme manager assesses the risks "
                    "of every site, transfer and activity: the host's own safety rules, the "
                    "season, the group's needs and the current situation. The assessment is "
                    "reviewed again a week before arrival.</p>",
                    "<p>Ennen kuin vahvistamme ohjelman, ohjelmapäällikkö arvioi jokaisen "
                    "kohteen, siirtymän ja toiminnon riskit: isännän omat turvallisuusohjeet, "
                    "vuodenajan, ryhmän tarpeet ja ajankohtaisen tilanteen. Arvio tarkistetaan "
                    "uudelleen viikkoa ennen saapumista.</p>",
                    "<p>Innan vi bekräftar ett program bedömer programchefen riskerna med varje "
                    "plats, transfer och aktivitet: värdens egna säkerhetsregler, årstiden, "
                    "gruppens behov och det aktuella läget. Bedömningen ses över på nytt en "
                    "vecka före ankomsten.</p>",
                )
            ),
            heading(
                T(
                    "Safety briefing on arrival",
                    "Turvallisuusinfo saavuttaessa",
                    "Säkerhetsgenomgång vid ankomsten",
                )
            ),
            paragraph(
                T(
                    "<p>Every participant receives a safety briefing in writing before "
                    "travelling and in person on the first day, and acknowledges it: emergency "
                    "numbers, the duty officer's number, meeting points, host rules such as ID "
                    "checks and photography bans, and what to do if you get separated from the "
                    "group.</p>",
                    "<p>Jokainen osallistuja saa turvallisuusinfon kirjallisena ennen matkaa ja "
                    "henkilökohtaisesti ensimmäisenä päivänä ja kuittaa sen: hätänumerot, "
                    "päivystäjän numero, kokoontumispaikat, isäntien säännöt kuten "
                    "henkilöllisyyden tarkastukset ja kuvauskiellot sekä toimintaohjeet siltä "
                    "varalta, että eksyy ryhmästä.</p>",
                    "<p>Varje deltagare får en säkerhetsgenomgång skriftligt före resan och "
                    "muntligt den första dagen och kvitterar den: nödnummer, den jourhavandes "
                    "nummer, samlingsplatser, värdarnas regler som ID-kontroller och fotoförbud "
                    "samt vad man gör om man kommer bort från gruppen.</p>",
                )
            ),
            heading(
                T(
                    "Situational picture during the visit",
                    "Tilannekuva vierailun aikana",
                    "Lägesbild under besöket",
                )
            ),
            paragraph(
                T(
                    "<p>A duty officer follows the programme in real time: who is where, which "
                    "transfer is on the road and whether anything has changed — weather, "
                    "traffic or events in the region. The group leader can reach the duty "
                    "officer 24 hours a day.</p>",
                    "<p>Päivystäjä seuraa ohjelmaa reaaliajassa: kuka on missäkin, mikä siirtymä "
                    "on tiellä ja onko jokin muuttunut – sää, liikenne tai tapahtumat alueella. "
                    "Ryhmänjohtaja tavoittaa päivystäjän ympäri vuorokauden.</p>",
                    "<p>En jourhavande följer programmet i realtid: vem som är var, vilken "
                    "transfer som är på väg och om något har förändrats – väder, trafik eller "
                    "händelser i regionen. Gruppledaren når den jourhavande dygnet runt.</p>",
                )
            ),
            heading(T("If something happens", "Jos jotain sattuu", "Om något händer")),
            paragraph(
                T(
                    "<p>In an emergency, call 112 — the single emergency number in Finland for "
                    "the police, the fire service and the ambulance. Then call the duty officer, "
                    "who alerts the group leader, the hosts and, if needed, your embassy, and "
                    "keeps a log of every action taken.</p>",
                    "<p>Hätätilanteessa soita 112 – Suomen yleiseen hätänumeroon, josta saa "
                    "poliisin, pelastuslaitoksen ja ambulanssin. Soita sen jälkeen päivystäjälle, "
                    "joka hälyttää ryhmänjohtajan, isännät ja tarvittaessa maanne "
                    "suurlähetystön sekä kirjaa kaikki toimenpiteet lokiin.</p>",
                    "<p>I en nödsituation ring 112 – det gemensamma nödnumret i Finland för "
                    "polis, räddningstjänst och ambulans. Ring sedan den jourhavande, som larmar "
                    "gruppledaren, värdarna och vid behov ert lands ambassad och för logg över "
                    "alla åtgärder.</p>",
                )
            ),
            callout(
                T("Emergency number 112", "Hätänumero 112", "Nödnummer 112"),
                T(
                    "<p>Free of charge from any phone, anywhere in Finland and the EU.</p>",
                    "<p>Maksuton mistä tahansa puhelimesta kaikkialla Suomessa ja EU:ssa.</p>",
                    "<p>Avgiftsfritt från vilken telefon som helst, i hela Finland och EU.</p>",
                ),
            ),
            heading(T("Feedback and learning", "Palaute ja oppiminen", "Respons och lärande")),
            paragraph(
                T(
                    "<p>After the visit we ask every participant and host for feedback, "
                    "anonymously if they prefer. Safety observations go straight into our risk "
                    "assessments; the rest feeds the delegation's learning report.</p>",
                    "<p>Vierailun jälkeen pyydämme palautetta jokaiselta osallistujalta ja "
                    "isännältä, halutessaan nimettömänä. Turvallisuushavainnot viedään suoraan "
                    "riskiarvioihimme; muu palaute päätyy ryhmän oppimisraporttiin.</p>",
                    "<p>Efter besöket ber vi varje deltagare och värd om respons, anonymt om de "
                    "så vill. Säkerhetsobservationer förs direkt in i våra riskbedömningar; "
                    "resten blir en del av delegationens lärorapport.</p>",
                )
            ),
        ],
    ),
    PageText(
        slug="accessibility-statement",
        title=T("Accessibility statement", "Saavutettavuusseloste", "Tillgänglighetsutlåtande"),
        intro=T(
            "We want everyone to be able to use this site and to take part in our programmes.",
            "Haluamme, että kaikki voivat käyttää tätä sivustoa ja osallistua ohjelmiimme.",
            "Vi vill att alla ska kunna använda webbplatsen och delta i våra program.",
        ),
        seo=T(
            "The accessibility of the Päämaja website and of the visits: what works, known "
            "limitations and how to give feedback.",
            "Päämaja-sivuston ja vierailujen saavutettavuus: mikä toimii, tunnetut puutteet ja "
            "palautteen antaminen.",
            "Tillgängligheten på Päämajas webbplats och vid besöken: vad som fungerar, kända "
            "brister och hur man ger respons.",
        ),
        body=[
            heading(T("This website", "Tämä verkkosivusto", "Den här webbplatsen")),
            paragraph(
                T(
                    "<p>This site aims to meet level AA of the Web Content Accessibility "
                    "Guidelines (WCAG) 2.2. It can be used with a keyboard and a screen reader, "
                    "text can be enlarged to 200 % without loss of content, and every image has "
                    "a text alternative. This statement is based on a self-assessment.</p>",
                    "<p>Sivusto pyrkii täyttämään verkkosisällön saavutettavuusohjeiden (WCAG) "
                    "2.2 AA-tason vaatimukset. Sivustoa voi käyttää näppäimistöllä ja "
                    "ruudunlukijalla, tekstiä voi suurentaa 200 prosenttiin sisällön katoamatta, "
                    "ja jokaisella kuvalla on tekstivastine. Seloste perustuu itsearvioon.</p>",
                    "<p>Webbplatsen strävar efter att uppfylla nivå AA i riktlinjerna för "
                    "tillgänglighet till webbinnehåll (WCAG) 2.2. Den kan användas med "
                    "tangentbord och skärmläsare, texten kan förstoras till 200 % utan att "
                    "innehåll går förlorat och varje bild har ett textalternativ. Utlåtandet "
                    "grundar sig på en självbedömning.</p>",
                )
            ),
            heading(T("Known limitations", "Tunnetut puutteet", "Kända brister")),
            paragraph(
                T(
                    "<p>Some PDF documents attached to older programmes may not be fully "
                    "accessible. Ask us and we will send the content in an accessible "
                    "format.</p>",
                    "<p>Osa vanhempiin ohjelmiin liitetyistä PDF-asiakirjoista ei ehkä ole "
                    "täysin saavutettavia. Pyydä, niin lähetämme sisällön saavutettavassa "
                    "muodossa.</p>",
                    "<p>Vissa pdf-dokument som bifogats äldre program är kanske inte helt "
                    "tillgängliga. Kontakta oss så skickar vi innehållet i ett tillgängligt "
                    "format.</p>",
                )
            ),
            heading(
                T(
                    "Accessibility of the visits",
                    "Vierailujen esteettömyys",
                    "Besökens tillgänglighet",
                )
            ),
            paragraph(
                T(
                    "<p>The page of each host organisation describes step-free routes, hearing "
                    "loops and the parts of the site that are not accessible. Tell us about your "
                    "delegation's needs when you book, and we will adapt the programme.</p>",
                    "<p>Jokaisen isäntäorganisaation sivulla kerrotaan esteettömistä "
                    "kulkureiteistä, induktiosilmukoista ja kohteen osista, jotka eivät ole "
                    "esteettömiä. Kertokaa ryhmänne tarpeista varauksen yhteydessä, niin "
                    "mukautamme ohjelman.</p>",
                    "<p>På varje värdorganisations sida beskrivs tillgängliga rutter, hörslingor "
                    "och de delar av platsen som inte är tillgängliga. Berätta om er delegations "
                    "behov när ni bokar, så anpassar vi programmet.</p>",
                )
            ),
            heading(T("Feedback", "Palaute", "Respons")),
            paragraph(
                T(
                    "<p>If you notice a barrier, write to "
                    '<a href="mailto:accessibility@paamaja.example">'
                    "accessibility@paamaja.example</a>. We reply within 14 days. If you are not "
                    "satisfied with our answer, you can contact the Finnish supervisory "
                    "authority for digital accessibility.</p>",
                    "<p>Jos huomaat saavutettavuuspuutteen, kirjoita osoitteeseen "
                    '<a href="mailto:accessibility@paamaja.example">'
                    "accessibility@paamaja.example</a>. Vastaamme 14 päivän kuluessa. Jos et ole "
                    "tyytyväinen vastaukseen, voit ottaa yhteyttä digitaalisen saavutettavuuden "
                    "valvontaviranomaiseen.</p>",
                    "<p>Om du upptäcker ett hinder, skriv till "
                    '<a href="mailto:accessibility@paamaja.example">'
                    "accessibility@paamaja.example</a>. Vi svarar inom 14 dagar. Om du inte är "
                    "nöjd med svaret kan du kontakta tillsynsmyndigheten för digital "
                    "tillgänglighet i Finland.</p>",
                )
            ),
        ],
    ),
    PageText(
        slug="privacy-notice",
        title=T("Privacy notice", "Tietosuojaseloste", "Dataskyddsbeskrivning"),
        intro=T(
            "How we handle the personal data of delegation members, contact persons and hosts.",
            "Miten käsittelemme ryhmien jäsenten, yhteyshenkilöiden ja isäntien henkilötietoja.",
            "Hur vi behandlar personuppgifter om delegationsmedlemmar, kontaktpersoner och värdar.",
        ),
        seo=T(
            "What personal data Päämaja collects for a visit, why, who receives it, how long it "
            "is kept and what your rights are.",
            "Mitä henkilötietoja Päämaja kerää vierailua varten, miksi, kenelle niitä "
            "luovutetaan, kuinka kauan niitä säilytetään ja mitkä ovat oikeutesi.",
            "Vilka personuppgifter Päämaja samlar in för ett besök, varför, vem som får dem, hur "
            "länge de sparas och vilka dina rättigheter är.",
        ),
        body=[
            heading(T("Controller", "Rekisterinpitäjä", "Personuppgiftsansvarig")),
            paragraph(
                T(
                    "<p>Päämaja programme service, Mikkeli, Finland. Contact: "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>.</p>',
                    "<p>Päämaja-ohjelmapalvelu, Mikkeli. Yhteystiedot: "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>.</p>',
                    "<p>Programtjänsten Päämaja, S:t Michel, Finland. Kontakt: "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>.</p>',
                )
            ),
            heading(
                T(
                    "What we collect and why",
                    "Mitä keräämme ja miksi",
                    "Vad vi samlar in och varför",
                )
            ),
            paragraph(
                T(
                    "<p>To deliver a visit we need the participants' names, organisations and "
                    "contact details and, where a host requires it, their nationality, date of "
                    "birth and passport number. We also keep the booking and payment records "
                    "that accounting law requires. The legal basis is the contract with your "
                    "organisation and our legal obligations.</p>",
                    "<p>Vierailun toteuttamiseksi tarvitsemme osallistujien nimet, organisaatiot "
                    "ja yhteystiedot sekä, jos isäntä sitä edellyttää, kansalaisuuden, "
                    "syntymäajan ja passin numeron. Säilytämme myös kirjanpitolain edellyttämät "
                    "varaus- ja maksutiedot. Käsittelyn perusteena on sopimus organisaationne "
                    "kanssa ja lakisääteiset velvoitteemme.</p>",
                    "<p>För att genomföra ett besök behöver vi deltagarnas namn, organisationer "
                    "och kontaktuppgifter samt, om en värd kräver det, medborgarskap, "
                    "födelsedatum och passnummer. Vi sparar också de boknings- och "
                    "betalningsuppgifter som bokföringslagen kräver. Den rättsliga grunden är "
                    "avtalet med er organisation och våra lagstadgade skyldigheter.</p>",
                )
            ),
            heading(
                T(
                    "Who receives the data",
                    "Kenelle tietoja luovutetaan",
                    "Vem som får uppgifterna",
                )
            ),
            paragraph(
                T(
                    "<p>Only the host organisations that need them for their visitor checks, the "
                    "hotel and our payment service provider. We never sell personal data.</p>",
                    "<p>Vain isäntäorganisaatioille, jotka tarvitsevat niitä "
                    "vierailijatarkastuksiinsa, hotellille ja maksupalvelun tarjoajallemme. "
                    "Emme koskaan myy henkilötietoja.</p>",
                    "<p>Endast till de värdorganisationer som behöver dem för sina "
                    "besökskontroller, hotellet och vår betaltjänstleverantör. Vi säljer aldrig "
                    "personuppgifter.</p>",
                )
            ),
            heading(
                T(
                    "How long we keep it",
                    "Kuinka kauan säilytämme tiedot",
                    "Hur länge vi sparar uppgifterna",
                )
            ),
            paragraph(
                T(
                    "<p>Participants' personal details are deleted or anonymised when the "
                    "retention period ends, at the latest 12 months after the visit. Feedback is "
                    "kept without names. Accounting records are kept for the period required by "
                    "law.</p>",
                    "<p>Osallistujien henkilötiedot poistetaan tai anonymisoidaan "
                    "säilytysajan päätyttyä, viimeistään 12 kuukautta vierailun jälkeen. Palaute "
                    "säilytetään ilman nimiä. Kirjanpitoaineisto säilytetään lain edellyttämän "
                    "ajan.</p>",
                    "<p>Deltagarnas personuppgifter raderas eller anonymiseras när lagringstiden "
                    "gått ut, senast 12 månader efter besöket. Responsen sparas utan namn. "
                    "Bokföringsmaterial sparas så länge lagen kräver.</p>",
                )
            ),
            heading(T("Your rights", "Oikeutesi", "Dina rättigheter")),
            paragraph(
                T(
                    "<p>You may ask to see, correct or delete your data, and object to its "
                    "processing. Write to "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>. You '
                    "can also lodge a complaint with the Data Protection Ombudsman of "
                    "Finland.</p>",
                    "<p>Voit pyytää saada nähdä tietosi, oikaista tai poistaa ne ja vastustaa "
                    "niiden käsittelyä. Kirjoita osoitteeseen "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>. Voit '
                    "myös tehdä valituksen tietosuojavaltuutetulle.</p>",
                    "<p>Du kan begära att få se, rätta eller radera dina uppgifter och invända "
                    "mot behandlingen. Skriv till "
                    '<a href="mailto:privacy@paamaja.example">privacy@paamaja.example</a>. Du '
                    "kan också lämna in ett klagomål till dataombudsmannen.</p>",
                )
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------- enquiry form


@dataclass(frozen=True)
class FormFieldSpec:
    label: T
    field_type: str
    required: bool
    help_text: T | None = None
    choices: str | None = None  # "themes" or "hosts": filled from the catalogue, per language


ENQUIRY = {
    # General questions. A delegation that wants a programme made for it uses the
    # structured tailored request (the header's "Ask for a tailored programme"), which a
    # programme manager turns into a quote.
    "slug": "contact",
    "title": T("Contact us", "Ota yhteyttä", "Kontakta oss"),
    "seo": T(
        "Questions about our visitor programmes, themes, hosts, dates or group sizes.",
        "Kysymyksiä vierailuohjelmistamme, teemoista, isännistä, päivämääristä tai ryhmän koosta.",
        "Frågor om våra besöksprogram, teman, värdar, datum eller gruppstorlekar.",
    ),
    "intro": T(
        "<p>Ask us anything about our programmes and visits. A programme manager replies "
        "within two working days. To have a programme made for your delegation, use "
        "“Ask for a tailored programme”: we answer it with a quote.</p>",
        "<p>Kysykää meiltä mitä tahansa ohjelmistamme ja vierailuista. Ohjelmapäällikkö vastaa "
        "kahden arkipäivän kuluessa. Jos haluatte ryhmällenne räätälöidyn ohjelman, "
        "käyttäkää kohtaa ”Pyydä räätälöityä ohjelmaa”: vastaamme siihen tarjouksella.</p>",
        "<p>Fråga oss vad som helst om våra program och besök. En programchef svarar inom två "
        "arbetsdagar. Vill ni ha ett program som görs för er delegation, använd "
        "”Be om ett skräddarsytt program”: vi svarar med en offert.</p>",
    ),
    "thank_you_text": T(
        "<p>Thank you — your enquiry has reached us. A programme manager will contact you within "
        "two working days.</p>",
        "<p>Kiitos – pyyntönne on vastaanotettu. Ohjelmapäällikkö on teihin yhteydessä kahden "
        "arkipäivän kuluessa.</p>",
        "<p>Tack – vi har tagit emot er förfrågan. En programchef kontaktar er inom två "
        "arbetsdagar.</p>",
    ),
    "subject": T(
        "New enquiry",
        "Uusi tiedustelu",
        "Ny förfrågan",
    ),
    "to_address": "programmes@paamaja.example",
    "from_address": "noreply@paamaja.example",
    "fields": [
        FormFieldSpec(T("Organisation", "Organisaatio", "Organisation"), "singleline", True),
        FormFieldSpec(T("Country", "Maa", "Land"), "singleline", True),
        FormFieldSpec(T("Contact name", "Yhteyshenkilö", "Kontaktperson"), "singleline", True),
        FormFieldSpec(T("E-mail", "Sähköposti", "E-post"), "email", True),
        FormFieldSpec(
            T("Phone", "Puhelin", "Telefon"),
            "singleline",
            False,
            T("Include the country code.", "Lisää maatunnus.", "Ange landsnumret."),
        ),
        FormFieldSpec(
            T("Preferred dates", "Toivotut päivämäärät", "Önskade datum"),
            "singleline",
            False,
            T(
                "For example: four days in late September.",
                "Esimerkiksi: neljä päivää syyskuun lopulla.",
                "Till exempel: fyra dagar i slutet av september.",
            ),
        ),
        FormFieldSpec(
            T("Group size", "Ryhmän koko", "Gruppens storlek"),
            "number",
            True,
            T("Number of participants.", "Osallistujien määrä.", "Antal deltagare."),
        ),
        FormFieldSpec(
            T("Themes of interest", "Kiinnostavat teemat", "Intressanta teman"),
            "checkboxes",
            False,
            choices="themes",
        ),
        FormFieldSpec(
            T(
                "Host organisations of interest",
                "Kiinnostavat isäntäorganisaatiot",
                "Intressanta värdorganisationer",
            ),
            "checkboxes",
            False,
            choices="hosts",
        ),
        FormFieldSpec(
            T("Message", "Viesti", "Meddelande"),
            "multiline",
            False,
            T(
                "What should your delegation learn? Any special needs?",
                "Mitä ryhmänne haluaa oppia? Onko teillä erityistarpeita?",
                "Vad vill er delegation lära sig? Finns det särskilda behov?",
            ),
        ),
    ],
}
