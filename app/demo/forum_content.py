"""Demo threads for `flask seed-demo` (see app/demo/forum.py): realistic, invented, no real persons."""

from __future__ import annotations

# key: benefit group value; value: list of threads.
# Each thread: {"title": str, "posts": [ (author_index, markdown_body), ... ]}
# author_index is 0..16 and picks one of 17 demo citizens; the first post is the opening post.
DEMO_THREADS: dict[str, list[dict]] = {
    "dagpenge": [
        {
            "title": "Hvordan får I joblog til at hænge sammen uden at gå helt ned?",
            "posts": [
                (
                    0,
                    "Jeg har været ledig i fire måneder nu, og joblog fylder efterhånden mere end selve "
                    "jobsøgningen. Hver uge skal jeg skrive ind, hvad jeg har søgt, og jeg er hele tiden "
                    "bange for at have glemt noget, så a-kassen mener, jeg ikke står til rådighed.\n\n"
                    "Hvordan gør I? Skriver I ind med det samme, eller samler I det hele om søndagen?",
                ),
                (
                    3,
                    "Jeg skriver ind med det samme, lige når ansøgningen er sendt. Ellers glemmer jeg det. "
                    "Det tager to minutter, og så er det ude af hovedet.",
                ),
                (
                    7,
                    "Mit bedste tip: gem en kopi af hver ansøgning i en mappe på computeren med dato i "
                    "filnavnet. Hvis der nogensinde bliver spurgt ind til noget, kan du vise præcis hvad "
                    "du sendte og hvornår.\n\n"
                    "Og hvis du er i tvivl om, hvad der tæller som jobsøgning, så **ring til a-kassen og "
                    "spørg**. De er faktisk til for at hjælpe med den slags, selvom man let glemmer det.",
                ),
                (
                    0,
                    "> gem en kopi af hver ansøgning i en mappe med dato i filnavnet\n\n"
                    "Smart, det gør jeg fra i dag. Tak begge to. Det hjælper bare at høre, at andre også "
                    "synes det er et puslespil.",
                ),
                (
                    12,
                    "Jeg kender godt følelsen. Det føles nogle gange som om, det er loggen der bliver "
                    "vurderet og ikke mig. Men min rådgiver i a-kassen sagde, at de hellere vil se ærlige "
                    "og gennemtænkte ansøgninger end 20 kopierede. Det tog lidt af presset.",
                ),
            ],
        },
        {
            "title": "Første samtale i a-kassen efter opsigelse – hvad skal jeg have med?",
            "posts": [
                (
                    5,
                    "Jeg blev sagt op efter 11 år samme sted og har aldrig prøvet at være ledig før. "
                    "Nu har jeg fået indkaldelse til samtale i a-kassen om to uger. Jeg aner ikke, "
                    "hvad der forventes. Er der nogen, der kan fortælle lidt om, hvordan det foregår?",
                ),
                (
                    9,
                    "Det er ikke så farligt, som det lyder. Min første samtale handlede mest om, hvad jeg "
                    "kunne, og hvad jeg gerne ville. Jeg ville have haft det her med:\n\n"
                    "- Et opdateret CV (gerne også lagt ind i den offentlige CV-database)\n"
                    "- Din opsigelse og de sidste lønsedler\n"
                    "- En liste med 3-4 typer job, du kunne forestille dig at søge\n"
                    "- Spørgsmål skrevet ned på forhånd, så du ikke glemmer dem\n\n"
                    "Og spørg, hvornår du skal til det første møde på jobcentret, så du ved hvad der "
                    "kommer bagefter.",
                ),
                (
                    5,
                    "Tusind tak, det er præcis sådan en liste jeg havde brug for. Skal jeg selv melde "
                    "mig ledig, eller sker det automatisk?",
                ),
                (
                    9,
                    "Du skal selv melde dig ledig senest den første dag, du er uden arbejde. Gør det i "
                    "god tid, for ellers kan du miste dage. Er du i tvivl om noget, så skriv til "
                    "a-kassen via deres selvbetjening – så har du det også på skrift.",
                ),
            ],
        },
        {
            "title": "Jobcentret vil have mig til at søge job uden for mit fag",
            "posts": [
                (
                    14,
                    "Jeg er uddannet grafiker og har søgt bredt inden for mit fag i et halvt år. Til "
                    "sidste møde på jobcentret sagde min sagsbehandler, at jeg nu også skal søge "
                    "lagerjob og kundeservice. Jeg forstår godt logikken, men det føles som om, alt det "
                    "jeg har bygget op ikke tæller længere.",
                ),
                (
                    2,
                    "Det er desværre ret normalt, at kravene bliver bredere jo længere man har været "
                    "ledig. Det betyder ikke, at du skal stoppe med at søge inden for dit fag. Jeg "
                    "fordelte det sådan, at halvdelen af mine ansøgninger var inden for faget.",
                ),
                (
                    11,
                    "Bed om at få det skrevet ind i din plan, hvad der præcis forventes. Så er der ikke "
                    "tvivl om, hvor mange og hvilke typer job du skal søge. Jeg oplevede, at aftalen "
                    "var noget andet i mundtlig form, end da den kom på skrift.",
                ),
                (
                    14,
                    "> Bed om at få det skrevet ind i din plan\n\n"
                    "Godt råd. Jeg har faktisk ikke fået noget på skrift fra sidste møde. Jeg skriver "
                    "til min sagsbehandler i morgen og beder om et referat.",
                ),
                (
                    6,
                    "Held og lykke. Og husk at kundeservice-erfaring også kan bruges i et CV senere, "
                    "hvis du ender der et stykke tid. Det er ikke spildt, selvom det føles sådan nu.",
                ),
            ],
        },
    ],
    "kontanthjaelp": [
        {
            "title": "225-timers-reglen – hvor finder man de timer, når ingen vil ansætte en?",
            "posts": [
                (
                    1,
                    "Jeg har fået brev om, at jeg skal have 225 timers ordinært arbejde inden for et år, "
                    "ellers bliver min hjælp sat ned. Jeg søger alt, hvad jeg kan, men jeg har været "
                    "væk fra arbejdsmarkedet i lang tid, og ingen ringer tilbage. Er der nogen, der har "
                    "klaret det? Hvordan?",
                ),
                (
                    8,
                    "Jeg fik mine timer som afløser i et rengøringsfirma, nogle få timer om ugen. Det "
                    "var ikke drømmejobbet, men det talte. Spørg jobcentret, om de har kontakt til "
                    "arbejdsgivere, der søger folk til få timer – det havde mit.",
                ),
                (
                    13,
                    "Vær opmærksom på, at der er undtagelser. Hvis du har helbredsproblemer eller andre "
                    "forhold, der gør, at du ikke kan arbejde, kan du være fritaget. **Spørg din "
                    "sagsbehandler direkte**, om din situation er vurderet, og bed om svaret på skrift.",
                ),
                (
                    1,
                    "Det vidste jeg ikke. Jeg har faktisk en ryg, der driller meget. Ingen har spurgt "
                    "til det. Jeg tager det med til næste samtale.",
                ),
                (
                    16,
                    "Tag gerne en lægeerklæring eller bare et notat fra din læge med. Og tag en bisidder "
                    "med, hvis du kan – det er meget nemmere at huske, hvad der bliver sagt, når man er "
                    "to.",
                ),
            ],
        },
        {
            "title": "Aktivering igen – tredje gang i det samme tilbud",
            "posts": [
                (
                    4,
                    "Nu er jeg sendt i aktivering for tredje gang i det samme værksted. Jeg sorterer "
                    "ting i kasser og kommer hjem igen. Jeg vil rigtig gerne noget, men jeg kan ikke se, "
                    "hvordan det her bringer mig tættere på et job. Der er ingen fremdrift.",
                ),
                (
                    10,
                    "Jeg kender det alt for godt. Det, der hjalp mig, var at komme med et konkret "
                    "forslag selv. Jeg havde fundet et sted, hvor jeg gerne ville i "
                    "virksomhedspraktik, og så var jobcentret faktisk med på det.",
                ),
                (
                    4,
                    "Det er en god idé. Jeg har altid gået ud fra, at det var dem, der bestemte det hele.",
                ),
                (
                    15,
                    "De bestemmer meget, men du har ret til at blive hørt om din plan. Skriv ned, hvad "
                    "du gerne vil, og hvorfor det nuværende tilbud ikke virker for dig. Så har du det "
                    "sort på hvidt, og de skal forholde sig til det. Hvis de siger nej, så spørg om en "
                    "begrundelse.",
                ),
            ],
        },
        {
            "title": "Tilfredshedsskemaet efter mødet – spørger de nogensinde dem, der ikke kommer?",
            "posts": [
                (
                    11,
                    "Efter mit møde i går fik jeg et spørgeskema om, hvor tilfreds jeg var. Jeg "
                    "krydsede 'tilfreds', fordi min sagsbehandler var sød. Men der står intet om, "
                    "hvorvidt min sag rykker sig. Og min nabo, der er for syg til at møde op, bliver "
                    "aldrig spurgt om noget.",
                ),
                (
                    3,
                    "Ja, det er lidt skævt. Dem, der har det sværest, er dem, der ikke når frem til "
                    "mødet. Så ser tallene jo fine ud.",
                ),
                (
                    7,
                    "Det er netop derfor, det giver mening, at vi samler erfaringer herinde. Hvis vi "
                    "er mange, der skriver det samme, kan vi lave et forslag til jobcentret om at spørge "
                    "på en anden måde, fx:\n\n"
                    "- spørge om fremdrift, ikke kun om mødet\n"
                    "- sende skemaet til alle, også dem der har aflyst\n"
                    "- give mulighed for at svare anonymt bagefter, når man har tænkt over det",
                ),
                (
                    11,
                    "Det vil jeg gerne være med til. Jeg kan godt skrive et udkast, hvis nogen vil "
                    "hjælpe med at gøre det skarpt.",
                ),
                (
                    0,
                    "Jeg er med. Skriv endelig, så kigger jeg på det i weekenden.",
                ),
            ],
        },
    ],
    "uddannelseshjaelp": [
        {
            "title": "Uddannelsespålæg – skal jeg bare starte på noget, jeg ikke vil?",
            "posts": [
                (
                    6,
                    "Jeg er 22 og har fået uddannelsespålæg. Min sagsbehandler foreslår en uddannelse "
                    "inden for handel, men jeg har ærligt talt ingen interesse i det. Jeg vil helst være "
                    "noget med dyr. Er det bare sådan, at man skal tage det første det bedste?",
                ),
                (
                    12,
                    "Nej, du har mulighed for at komme med dine egne ønsker. Pålægget siger, at du skal "
                    "i gang med en uddannelse, men ikke nødvendigvis hvilken. Undersøg hvad der findes "
                    "med dyr, og tag det med til næste møde.",
                ),
                (
                    2,
                    "Spørg også, om du kan komme i et kort praktikforløb først, så du kan mærke om det "
                    "er noget for dig. Det gjorde jeg, og det var det bedste, der skete for mig.",
                ),
                (
                    6,
                    "Tak, jeg troede ikke, jeg havde noget at skulle have sagt. Jeg finder nogle "
                    "uddannelser og skriver dem ned.",
                ),
                (
                    9,
                    "Godt gået at spørge herinde. Husk at skrive ned, hvad der bliver aftalt på mødet, "
                    "og spørg om du kan få din uddannelsesplan tilsendt. Så kan du altid se, hvad I "
                    "blev enige om.",
                ),
            ],
        },
        {
            "title": "Droppede ud af gymnasiet og føler mig helt bagud",
            "posts": [
                (
                    15,
                    "Jeg droppede ud af gymnasiet i 2.g for et år siden, fordi jeg havde det dårligt. Nu "
                    "er jeg på uddannelseshjælp, og alle mine venner er i gang med noget. Jeg har "
                    "møde på jobcentret på torsdag og er bange for at blive set som doven.",
                ),
                (
                    5,
                    "Du er ikke doven, du har haft det svært. Det er to helt forskellige ting. Fortæl "
                    "ærligt, hvorfor du stoppede. En god sagsbehandler kan bruge det til at finde den "
                    "rigtige vej for dig.",
                ),
                (
                    10,
                    "Jeg var i præcis samme situation som 19-årig. Jeg endte på en HF-enkeltfag-ordning "
                    "og tog det i mit eget tempo. I dag er jeg i gang med en erhvervsuddannelse. Det "
                    "tager tid, men du er ikke bagud for altid.",
                ),
                (
                    15,
                    "Det var rart at læse. Jeg tager en ven med på torsdag, så jeg ikke sidder alene.",
                ),
            ],
        },
        {
            "title": "Ordblind og nervøs for at starte i skole igen",
            "posts": [
                (
                    13,
                    "Jeg er ordblind og har dårlige minder fra skolen. Nu skal jeg starte på et "
                    "forberedende forløb efter sommerferien. Er der nogen, der ved, hvilken hjælp man "
                    "kan få?",
                ),
                (
                    8,
                    "Du kan få hjælpemidler som oplæsningsprogrammer og nogle gange en læsevejleder. "
                    "Sig det **med det samme** til skolen og til din sagsbehandler, så det kan være på "
                    "plads fra starten. Jeg ventede for længe med at sige det, og det gjorde det bare "
                    "sværere.",
                ),
                (
                    1,
                    "Spørg om du kan få en ordblindetest, hvis du ikke har en nyere. Den kan bruges som "
                    "dokumentation, når du søger om støtte.",
                ),
                (
                    13,
                    "Tak. Jeg har en test fra folkeskolen, men den er gammel. Jeg spørger om en ny.",
                ),
            ],
        },
    ],
    "sygedagpenge": [
        {
            "title": "Opfølgningssamtale mens jeg har det rigtig skidt – kan den tages over telefonen?",
            "posts": [
                (
                    4,
                    "Jeg er sygemeldt med stress og har fået indkaldelse til opfølgningssamtale på "
                    "jobcentret. Bare tanken om at sidde i venteværelset giver mig hjertebanken. Kan "
                    "man bede om at holde samtalen over telefonen i stedet?",
                ),
                (
                    16,
                    "Ja, det kan du godt bede om. Hvis din helbredstilstand gør det svært at møde op, "
                    "kan samtalen holdes telefonisk eller som video. Skriv til din sagsbehandler, "
                    "forklar kort hvorfor, og bed om svar på skrift.",
                ),
                (
                    7,
                    "Jeg fik mine første to samtaler over telefonen, og det var en kæmpe lettelse. Jeg "
                    "sad i min egen sofa med en kop te og mine noter. Det var langt nemmere at sige, "
                    "hvordan jeg egentlig havde det.",
                ),
                (
                    4,
                    "> Jeg sad i min egen sofa med en kop te og mine noter\n\n"
                    "Det lyder som noget, jeg kan klare. Jeg skriver til dem i dag. Tak fordi I svarer "
                    "så hurtigt.",
                ),
                (
                    12,
                    "Godt. Og hvis du skal møde op en dag, så tag en bisidder med. Det kan være en ven "
                    "eller et familiemedlem. De må gerne tage noter, så du ikke skal huske det hele "
                    "selv.",
                ),
            ],
        },
        {
            "title": "Revurdering efter 22 uger – hvad sker der egentlig?",
            "posts": [
                (
                    9,
                    "Jeg nærmer mig 22 uger på sygedagpenge efter en operation i knæet, og jeg er "
                    "stadig ikke klar til at gå tilbage. Nu tales der om revurdering. Hvad betyder det? "
                    "Mister jeg pengene fra den ene dag til den anden?",
                ),
                (
                    14,
                    "Ved revurderingen ser kommunen på, om dine sygedagpenge kan forlænges. Der findes "
                    "forskellige regler for forlængelse, fx hvis det er sandsynligt, at du kan vende "
                    "tilbage til arbejde, eller hvis du venter på behandling.",
                ),
                (
                    2,
                    "Hvis de ikke kan forlænges, kommer man typisk i et jobafklaringsforløb i stedet. "
                    "Så man står ikke bare uden noget. Men ydelsen kan være lavere, så det er godt at "
                    "være forberedt.",
                ),
                (
                    9,
                    "Okay, det gør mig lidt mere rolig. Hvad skal jeg gøre for at stå bedst?",
                ),
                (
                    14,
                    "Det her hjalp mig:\n\n"
                    "- Bed din læge eller fysioterapeut om en opdateret vurdering\n"
                    "- Skriv ned, hvad du kan og ikke kan i hverdagen\n"
                    "- Spørg din sagsbehandler, hvilken forlængelsesregel de kigger på\n"
                    "- Bed om at få afgørelsen på skrift, så du kan klage, hvis du er uenig",
                ),
                (
                    3,
                    "God liste. Jeg vil bare tilføje: spørg også din arbejdsgiver, om der kan laves en "
                    "delvis raskmelding. Det gjorde en stor forskel for mig.",
                ),
            ],
        },
        {
            "title": "Bange for at miste sygedagpengene og ikke blive troet på",
            "posts": [
                (
                    10,
                    "Jeg har kroniske smerter, og man kan ikke se det på mig. Til sidste samtale fik "
                    "jeg følelsen af, at min sagsbehandler ikke troede på mig. Nu ligger jeg søvnløs "
                    "og er bange for at miste min indtægt. Er der andre, der har haft det sådan?",
                ),
                (
                    5,
                    "Ja, desværre. Usynlige sygdomme er svære at forklare. Det hjalp mig at føre en "
                    "lille dagbog over smerter og hvad jeg kunne klare hver dag. Så havde jeg noget "
                    "konkret at vise frem i stedet for bare at sige 'jeg har ondt'.",
                ),
                (
                    11,
                    "Du har ret til at se, hvad der står i din sag (aktindsigt). Nogle gange er det "
                    "en god idé at tjekke, om det der er skrevet ned fra samtalerne, passer med din "
                    "oplevelse. Hvis ikke, kan du bede om at få dine bemærkninger tilføjet.",
                ),
                (
                    10,
                    "Det med dagbogen starter jeg på i aften. Og jeg beder om aktindsigt. Tak, det "
                    "føles mindre ensomt nu.",
                ),
            ],
        },
    ],
    "ressourceforloeb": [
        {
            "title": "Hvad er et ressourceforløb egentlig – og hvad skal der ske?",
            "posts": [
                (
                    3,
                    "Jeg har fået at vide, at jeg skal indstilles til et ressourceforløb. Jeg har "
                    "været på kontanthjælp i mange år og har både psykiske og fysiske problemer. "
                    "Kan nogen forklare på almindeligt dansk, hvad det betyder?",
                ),
                (
                    15,
                    "Et ressourceforløb er et længere forløb, typisk på 1 til 5 år, for folk der har "
                    "brug for hjælp på flere fronter på én gang. Idéen er, at man får en samlet plan, "
                    "hvor fx behandling, bolig og arbejde hænger sammen, i stedet for at man kører "
                    "rundt mellem forskellige afdelinger.",
                ),
                (
                    8,
                    "Du får en **koordinerende sagsbehandler**, som skal holde sammen på det hele. For "
                    "mig var det første gang, jeg kun skulle forklare min historie én gang.",
                ),
                (
                    3,
                    "Det lyder næsten for godt til at være sandt. Hvem bestemmer, om jeg får det?",
                ),
                (
                    15,
                    "Din sag bliver forelagt rehabiliteringsteamet, hvor der sidder folk fra flere "
                    "fagområder, fx sundhed og beskæftigelse. De laver en indstilling, og så træffer "
                    "kommunen afgørelsen. Du deltager selv i mødet.",
                ),
            ],
        },
        {
            "title": "Møde med rehabiliteringsteamet på mandag – nervøs",
            "posts": [
                (
                    13,
                    "Jeg skal til møde med rehabiliteringsteamet på mandag. Der sidder åbenbart en "
                    "masse fagfolk rundt om et bord, og jeg skal fortælle om mit liv. Jeg har det "
                    "dårligt med at tale foran mange. Hvordan forbereder man sig?",
                ),
                (
                    6,
                    "Jeg var der for et halvt år siden. Mine råd:\n\n"
                    "- Læs den forberedende del af din plan igennem og skriv kommentarer på\n"
                    "- Tag en bisidder med – de må gerne sidde ved siden af dig\n"
                    "- Skriv 3 ting ned, du **skal** have sagt, uanset hvad\n"
                    "- Sig det, hvis du har brug for en pause undervejs",
                ),
                (
                    1,
                    "Det er helt okay at læse op fra et papir. Jeg gjorde det, og ingen syntes det var "
                    "mærkeligt. De vil faktisk gerne høre, hvad du selv synes.",
                ),
                (
                    13,
                    "> Skriv 3 ting ned, du skal have sagt, uanset hvad\n\n"
                    "Det er et rigtig godt råd. Jeg har allerede to. Tak begge to.",
                ),
                (
                    13,
                    "Opdatering: mødet gik bedre end frygtet. Min søster var med som bisidder, og jeg "
                    "fik sagt alle tre ting. Nu venter jeg på afgørelsen.",
                ),
            ],
        },
        {
            "title": "Ny koordinerende sagsbehandler for tredje gang på et år",
            "posts": [
                (
                    0,
                    "Jeg har nu fået min tredje koordinerende sagsbehandler inden for et år. Hver gang "
                    "skal jeg starte forfra og fortælle alt igen. Det er udmattende, og jeg føler ikke, "
                    "at der sker noget i min sag.",
                ),
                (
                    16,
                    "Det er så frustrerende, og du er langt fra den eneste. Mange sagsbehandlere har "
                    "alt for mange sager. Det er ikke din skyld, at der ikke er fremdrift.",
                ),
                (
                    7,
                    "Et lille trick: lav et kort dokument på én side om dig selv – din situation, hvad "
                    "der er prøvet, hvad der virkede og ikke virkede. Send det til den nye "
                    "sagsbehandler inden første møde. Så slipper du for at fortælle det hele igen.",
                ),
                (
                    0,
                    "Det gør jeg. Og jeg tænker, det her burde være noget, vi samlet siger til "
                    "jobcentret: at skift af sagsbehandler koster os meget. Er der andre, der vil være "
                    "med til at skrive et forslag?",
                ),
            ],
        },
    ],
    "jobafklaringsforloeb": [
        {
            "title": "Fra sygedagpenge til jobafklaringsforløb – nogen erfaringer?",
            "posts": [
                (
                    2,
                    "Mine sygedagpenge kunne ikke forlænges, så nu er jeg overgået til et "
                    "jobafklaringsforløb. Ydelsen er lavere, og jeg er usikker på, hvad jeg skal i "
                    "forløbet. Hvad har I oplevet?",
                ),
                (
                    12,
                    "Hos mig startede det med et møde i rehabiliteringsteamet, og så fik jeg en "
                    "koordinerende sagsbehandler. Vi lavede en plan med både behandling og en lille "
                    "virksomhedspraktik på få timer om ugen.",
                ),
                (
                    4,
                    "Det økonomiske var det hårdeste for mig. Tjek om du kan søge boligstøtte eller "
                    "andre tilskud, når din indtægt falder. Det er der mange, der glemmer.",
                ),
                (
                    2,
                    "Det har jeg slet ikke tænkt på. Tak. Hvor længe varer sådan et forløb?",
                ),
                (
                    12,
                    "Det varierer. Et forløb kan vare op til et halvt år ad gangen og kan forlænges. "
                    "Spørg din sagsbehandler om det konkret for din sag, og bed om planen på skrift.",
                ),
            ],
        },
        {
            "title": "Sådan bad jeg om aktindsigt og klagede over en afgørelse",
            "posts": [
                (
                    8,
                    "Jeg har fået mange spørgsmål om det her, så jeg skriver det ned ét sted. Jeg var "
                    "uenig i en afgørelse i mit jobafklaringsforløb, og sådan gjorde jeg:\n\n"
                    "1. Bad om aktindsigt i hele min sag via kommunens digitale post. Du har ret til at "
                    "se din egen sag.\n"
                    "2. Læste journalnotaterne igennem og markerede det, jeg var uenig i.\n"
                    "3. Skrev en klage inden fristen (den står i afgørelsen, typisk 4 uger).\n"
                    "4. Kommunen genvurderede sagen, og da de fastholdt, blev klagen sendt videre.\n\n"
                    "Det tog tid, men jeg fik delvist medhold.",
                ),
                (
                    14,
                    "Tak for det her! Hvor lang tid gik der, før du fik aktindsigten?",
                ),
                (
                    8,
                    "Lidt over en uge. De skal som udgangspunkt svare hurtigt, og ellers skal de "
                    "fortælle dig, hvorfor det trækker ud og hvornår du kan forvente svar.",
                ),
                (
                    5,
                    "Gemmer den her tråd. Det er rart at vide, at man ikke bare skal sluge en afgørelse, "
                    "man mener er forkert.",
                ),
            ],
        },
        {
            "title": "Virksomhedspraktik på 4 timer om ugen – for lidt eller for meget?",
            "posts": [
                (
                    11,
                    "Min plan siger, at jeg skal starte i virksomhedspraktik 4 timer om ugen på et "
                    "lager. Jeg har en dårlig skulder, og jeg er bange for, at det bliver værre. På den "
                    "anden side vil jeg gerne vise, at jeg kan noget.",
                ),
                (
                    9,
                    "Sig det åbent til både jobcentret og stedet, hvilke skånehensyn du har. Det skal "
                    "være en afprøvning af, hvad du kan, ikke en test af hvor meget du kan holde ud.",
                ),
                (
                    1,
                    "Jeg startede med 3 timer og gik langsomt op. Det var godt, for min sagsbehandler "
                    "fik et ærligt billede af, hvad jeg kunne holde til. Skriv ned efter hver dag, "
                    "hvordan det gik, også hvis du får ondt bagefter.",
                ),
                (
                    11,
                    "> Skriv ned efter hver dag, hvordan det gik\n\n"
                    "Det gør jeg. Så har jeg noget at vise, når vi skal følge op.",
                ),
                (
                    16,
                    "Held og lykke med det. Og husk, at det er okay at sige stop, hvis det gør skade. "
                    "Det er også en vigtig oplysning i afklaringen.",
                ),
            ],
        },
    ],
    "fleksjob": [
        {
            "title": "Hvordan finder man en arbejdsgiver, der vil ansætte i fleksjob?",
            "posts": [
                (
                    7,
                    "Jeg er blevet visiteret til fleksjob for fem måneder siden, men har endnu ikke "
                    "fundet et job. Arbejdsgiverne bliver forvirrede, når jeg fortæller, at jeg kun "
                    "kan arbejde 12 timer om ugen. Hvordan har I grebet det an?",
                ),
                (
                    3,
                    "Jeg fandt mit job ved at gå direkte ind i små virksomheder i lokalområdet. En lille "
                    "tømrervirksomhed manglede hjælp til kontor og regninger et par dage om ugen. Det "
                    "passede perfekt.",
                ),
                (
                    10,
                    "Mange arbejdsgivere kender ikke ordningen. Det hjalp mig at forklare kort, at de "
                    "kun betaler for de timer, jeg faktisk arbejder, og at kommunen giver tilskud til "
                    "resten. Så blev de pludselig meget mere interesserede.",
                ),
                (
                    7,
                    "Godt tip. Jeg har nok fokuseret for meget på, hvad jeg ikke kan.",
                ),
                (
                    15,
                    "Spørg også jobcentret, om de har virksomhedskonsulenter, der kan hjælpe med "
                    "kontakten. Min tog med til første samtale med arbejdsgiveren og forklarede "
                    "reglerne. Det gav tryghed for begge parter.",
                ),
                (
                    7,
                    "Opdatering: jeg har fået en samtale hos en lille dyreklinik på fredag. Krydser "
                    "fingre!",
                ),
            ],
        },
        {
            "title": "Ledighedsydelse – hvor meget skal man søge, når man kun kan få fleksjob?",
            "posts": [
                (
                    14,
                    "Jeg er på ledighedsydelse, og jobcentret forventer, at jeg søger aktivt. Men der er "
                    "ikke mange opslag, der nævner fleksjob. Skal jeg søge almindelige job og skrive, "
                    "at jeg er visiteret til fleksjob?",
                ),
                (
                    6,
                    "Ja, det gør de fleste. Mange fleksjob bliver skabt ved at man søger et almindeligt "
                    "job og så foreslår, at det kan laves som fleksjob. Uopfordrede ansøgninger virker "
                    "også godt.",
                ),
                (
                    2,
                    "Spørg din sagsbehandler, hvad kravene konkret er for dig, og få det skrevet ind i "
                    "din plan. Så ved du, hvornår du har gjort nok, og kan bedre slappe af imellem.",
                ),
                (
                    14,
                    "Tak. Jeg bliver så træt af at søge ud i det blå. Det hjælper at vide, at "
                    "uopfordrede ansøgninger tæller.",
                ),
            ],
        },
        {
            "title": "Lidt håb: fik fleksjob efter tre år",
            "posts": [
                (
                    5,
                    "Jeg vil bare dele noget positivt, fordi jeg selv har læst med her i tre år, hvor "
                    "det meste var sort. Jeg startede i fleksjob i sidste uge, 15 timer om ugen i en "
                    "lille butik. Kollegerne er søde, og jeg kan holde en pause, når min ryg siger fra.\n\n"
                    "**Giv ikke op.** Det tager tid, men det kan lade sig gøre.",
                ),
                (
                    13,
                    "Hvor er det dejligt at læse! Tillykke. Hvad tror du, der gjorde udslaget til sidst?",
                ),
                (
                    5,
                    "Jeg tror, det var, at jeg stoppede med at undskylde for mine skånehensyn og i "
                    "stedet fortalte, hvad jeg faktisk kunne bidrage med. Og at jeg havde en "
                    "sagsbehandler, der troede på mig.",
                ),
                (
                    0,
                    "Det her har jeg brug for at læse i dag. Tak fordi du delte det.",
                ),
            ],
        },
    ],
    "integrationsprogram": [
        {
            "title": "Danskuddannelse og praktik samtidig – det er meget",
            "posts": [
                (
                    16,
                    "Hej. Jeg går på sprogskole tre dage og er i praktik to dage. Jeg har også to børn. "
                    "Jeg er meget træt, og jeg synes ikke, min dansk bliver bedre i praktikken, fordi "
                    "jeg arbejder mest alene. Er det også sådan for andre?",
                ),
                (
                    9,
                    "Det lyder hårdt, og dit dansk er faktisk allerede rigtig godt. Du kan spørge din "
                    "sagsbehandler, om du kan få en praktik, hvor du taler mere med kolleger. Det er "
                    "vigtigt for at lære sproget.",
                ),
                (
                    4,
                    "Jeg havde det samme. Jeg bad om et møde og sagde: jeg vil gerne arbejde, men jeg "
                    "vil også lære dansk. Så fik jeg en ny praktik i en børnehave. Der taler man hele "
                    "dagen!",
                ),
                (
                    16,
                    "Tak. Jeg vidste ikke, at jeg må spørge om det. Jeg prøver at sige det på næste "
                    "møde.",
                ),
                (
                    12,
                    "Du må gerne skrive det ned på forhånd, hvis det er svært at sige på dansk. Så kan "
                    "du give papiret til din sagsbehandler. Held og lykke.",
                ),
            ],
        },
        {
            "title": "Har man ret til tolk til møder på jobcentret?",
            "posts": [
                (
                    1,
                    "Min mor er i integrationsprogram og forstår ikke så meget dansk endnu. Hun har "
                    "været til møde uden tolk, og hun skrev under på en plan, hun ikke forstod. Kan "
                    "hun få tolk?",
                ),
                (
                    8,
                    "Ja, jobcentret skal sørge for, at hun forstår, hvad der bliver sagt og besluttet. "
                    "Hun kan bede om tolk, før mødet. Det er bedst at skrive det, så der er dokumentation "
                    "for, at hun har bedt om det.",
                ),
                (
                    11,
                    "Hun kan også bede om at få planen forklaret igen med tolk, selvom hun har skrevet "
                    "under. Det er vigtigt, at hun ved, hvad hun har sagt ja til.",
                ),
                (
                    1,
                    "> Hun kan også bede om at få planen forklaret igen med tolk\n\n"
                    "Det vidste jeg ikke. Kan jeg selv være med som bisidder?",
                ),
                (
                    8,
                    "Ja, du kan godt være bisidder. Men det er stadig en god idé med en professionel "
                    "tolk, så du kan være der som støtte og ikke skal oversætte alt selv.",
                ),
            ],
        },
        {
            "title": "Videomøde i stedet for fremmøde – virker det med sproget?",
            "posts": [
                (
                    10,
                    "Jeg bor langt fra jobcentret og skal tage to busser. Min sagsbehandler har "
                    "foreslået videomøde næste gang. Men jeg er bange for, at jeg ikke forstår så godt "
                    "på video. Har nogen prøvet det?",
                ),
                (
                    3,
                    "Jeg har prøvet det med tolk på video, og det gik fint. Det vigtigste er god lyd. "
                    "Brug høretelefoner, hvis du har, og sig med det samme, hvis du ikke forstår.",
                ),
                (
                    6,
                    "Bed om at få et kort referat på skrift efter mødet. Så kan du læse det roligt og "
                    "evt. oversætte ord, du ikke kender.",
                ),
                (
                    10,
                    "Gode idéer. Jeg prøver videomødet, og jeg beder om referat. Det sparer mig også "
                    "for to timer i bus.",
                ),
            ],
        },
    ],
}
