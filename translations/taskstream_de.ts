<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>Administration console for the Taskstream event backbone on Apache Kafka.</source>
        <translation>Verwaltungskonsole für das Taskstream-Event-Backbone auf Apache Kafka.</translation>
    </message>
    <message>
        <source>Connect at start to the Kafka brokers &lt;servers&gt;, given as HOST:PORT, several separated by commas.</source>
        <translation>Beim Start mit den Kafka-Brokern &lt;server&gt; verbinden, angegeben als HOST:PORT, mehrere durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>servers</source>
        <translation>server</translation>
    </message>
    <message>
        <source>Start the embedded sandbox (an in-memory Kafka cluster) and connect to it.</source>
        <translation>Die eingebettete Sandbox (einen Kafka-Cluster im Arbeitsspeicher) starten und mit ihr verbinden.</translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; (PNG) after the first refresh, then quit.</source>
        <translation>Nach der ersten Aktualisierung ein Bild des Fensters in &lt;datei&gt; (PNG) speichern und beenden.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>datei</translation>
    </message>
    <message>
        <source>%1; see --help</source>
        <translation>%1; siehe --help</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;; give the brokers with --bootstrap-servers HOST:PORT</source>
        <translation>unerwartetes Argument „%1“; geben Sie die Broker mit --bootstrap-servers HOST:PORT an</translation>
    </message>
    <message>
        <source>--sandbox and --bootstrap-servers exclude each other; give one of them</source>
        <translation>--sandbox und --bootstrap-servers schließen einander aus; geben Sie nur eines davon an</translation>
    </message>
    <message>
        <source>--bootstrap-servers &apos;%1&apos; is not valid: write HOST:PORT, several separated by commas (for example localhost:9092)</source>
        <translation>--bootstrap-servers „%1“ ist ungültig: schreiben Sie HOST:PORT, mehrere durch Kommas getrennt (zum Beispiel localhost:9092)</translation>
    </message>
    <message>
        <source>With --screenshot: show the tab &lt;tab&gt; (topics, groups, dlq, messages, live, tasks) first, or &quot;all&quot; to save every tab into the folder given to --screenshot.</source>
        <translation>Mit --screenshot: zuerst den Reiter &lt;reiter&gt; zeigen (topics, groups, dlq, messages, live, tasks), oder „all“, um jeden Reiter in den bei --screenshot angegebenen Ordner zu speichern.</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>reiter</translation>
    </message>
    <message>
        <source>With --screenshot: wait &lt;ms&gt; milliseconds after the first refresh.</source>
        <translation>Mit --screenshot: nach der ersten Aktualisierung &lt;ms&gt; Millisekunden warten.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>With --sandbox: create, update and complete demo tasks continuously through the sandbox&apos;s API.</source>
        <translation>Mit --sandbox: fortlaufend Demo-Aufgaben über die API der Sandbox anlegen, ändern und erledigen.</translation>
    </message>
    <message>
        <source>--demo-load needs --sandbox</source>
        <translation>--demo-load braucht --sandbox</translation>
    </message>
    <message>
        <source>--screenshot-tab &apos;%1&apos; is not a tab; give one of %2</source>
        <translation>--screenshot-tab „%1“ ist kein Reiter; geben Sie einen von %2 an</translation>
    </message>
    <message>
        <source>--screenshot-tab needs --screenshot</source>
        <translation>--screenshot-tab braucht --screenshot</translation>
    </message>
    <message>
        <source>--screenshot-delay &apos;%1&apos; is not a number of milliseconds from 0 to 600000</source>
        <translation>--screenshot-delay „%1“ ist keine Zahl von Millisekunden zwischen 0 und 600000</translation>
    </message>
</context>
<context>
    <name>taskstream::console::BrokersModel</name>
    <message>
        <source>Broker %1 at %2:%3 answered the last metadata request</source>
        <translation>Broker %1 unter %2:%3 hat die letzte Metadatenanfrage beantwortet</translation>
    </message>
    <message>
        <source>Broker %1 at %2:%3</source>
        <translation>Broker %1 unter %2:%3</translation>
    </message>
    <message>
        <source>Partitions this broker leads: it serves their reads and writes</source>
        <translation>Partitionen, die dieser Broker führt: er bedient ihre Lese- und Schreibzugriffe</translation>
    </message>
    <message>
        <source>Partitions this broker holds a copy of</source>
        <translation>Partitionen, von denen dieser Broker eine Kopie hält</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Führt</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
</context>
<context>
    <name>taskstream::console::ClusterMonitor</name>
    <message>
        <source>Enter the bootstrap servers as HOST:PORT, several separated by commas (for example localhost:9092), or start the embedded sandbox.</source>
        <translation>Geben Sie die Bootstrap-Server als HOST:PORT ein, mehrere durch Kommas getrennt (zum Beispiel localhost:9092), oder starten Sie die eingebettete Sandbox.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid bootstrap list: write HOST:PORT, several separated by commas (for example localhost:9092,kafka-2:9092).</source>
        <translation>„%1“ ist keine gültige Bootstrap-Liste: schreiben Sie HOST:PORT, mehrere durch Kommas getrennt (zum Beispiel localhost:9092,kafka-2:9092).</translation>
    </message>
    <message>
        <source>Cannot connect to %1: the Kafka client refused the settings (%2). Check the bootstrap servers.</source>
        <translation>Verbindung zu %1 nicht möglich: der Kafka-Client lehnt die Einstellungen ab (%2). Prüfen Sie die Bootstrap-Server.</translation>
    </message>
    <message>
        <source>Lost the connection to %1 (%2); showing data from %3. Retrying on every refresh.</source>
        <translation>Verbindung zu %1 verloren (%2); angezeigt werden die Daten von %3. Bei jeder Aktualisierung wird es erneut versucht.</translation>
    </message>
    <message>
        <source>Cannot reach Kafka at %1 (%2). Check that the brokers are running and the address is right, or start the embedded sandbox.</source>
        <translation>Kafka unter %1 ist nicht erreichbar (%2). Prüfen Sie, ob die Broker laufen und die Adresse stimmt, oder starten Sie die eingebettete Sandbox.</translation>
    </message>
    <message>
        <source>Watermarks could not be read (%1); message counts may be out of date. They are read again on the next refresh.</source>
        <translation>Die Watermarks konnten nicht gelesen werden (%1); die Nachrichtenzahlen sind womöglich veraltet. Bei der nächsten Aktualisierung werden sie erneut gelesen.</translation>
    </message>
    <message>
        <source>connection refused or broken</source>
        <translation>Verbindung abgelehnt oder abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>keine Antwort innerhalb von %n Sekunde</numerusform>
            <numerusform>keine Antwort innerhalb von %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>host name not found</source>
        <translation>Hostname nicht gefunden</translation>
    </message>
    <message>
        <source>security settings rejected: %1</source>
        <translation>Sicherheitseinstellungen abgelehnt: %1</translation>
    </message>
    <message>
        <source>the cluster listed no brokers</source>
        <translation>der Cluster nannte keine Broker</translation>
    </message>
    <message>
        <source>The embedded sandbox did not start: no temporary folder can be created (%1). Free some disk space or connect to a Kafka cluster instead.</source>
        <translation>Die eingebettete Sandbox ist nicht gestartet: es kann kein temporärer Ordner angelegt werden (%1). Geben Sie Speicherplatz frei oder verbinden Sie sich stattdessen mit einem Kafka-Cluster.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s task services stopped (%1). The cluster views keep working; start the sandbox again to retry.</source>
        <translation>Die Aufgabendienste der Sandbox wurden beendet (%1). Die Cluster-Ansichten arbeiten weiter; starten Sie die Sandbox erneut, um es noch einmal zu versuchen.</translation>
    </message>
    <message>
        <source>The embedded sandbox did not start. Connect to a Kafka cluster instead.</source>
        <translation>Die eingebettete Sandbox ist nicht gestartet. Verbinden Sie sich stattdessen mit einem Kafka-Cluster.</translation>
    </message>
</context>
<context>
    <name>taskstream::console::ConsumerGroupsModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>A consumer group of the catalog</source>
        <translation>Eine Consumer-Gruppe aus dem Katalog</translation>
    </message>
    <message>
        <source>A consumer group the broker lists</source>
        <translation>Eine Consumer-Gruppe, die der Broker auflistet</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Group / partition</source>
        <translation>Gruppe / Partition</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Committet</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>End-Offset</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>taskstream::console::DaemonClient</name>
    <message>
        <source>No daemon API is set: enter its URL and a token, or start the embedded sandbox.</source>
        <translation>Keine Daemon-API eingestellt: geben Sie ihre URL und ein Token ein oder starten Sie die eingebettete Sandbox.</translation>
    </message>
    <message>
        <source>The daemon did not answer (%1). Check its URL and that it runs.</source>
        <translation>Der Daemon hat nicht geantwortet (%1). Prüfen Sie seine URL und ob er läuft.</translation>
    </message>
    <message>
        <source>The daemon refused the token (%1). Enter a valid token.</source>
        <translation>Der Daemon hat das Token abgelehnt (%1). Geben Sie ein gültiges Token ein.</translation>
    </message>
    <message>
        <source>The daemon answered %1: %2</source>
        <translation>Der Daemon antwortete %1: %2</translation>
    </message>
</context>
<context>
    <name>taskstream::console::DemoLoadGenerator</name>
    <message>
        <source>The demo load generator&apos;s request failed: %1</source>
        <translation>Eine Anfrage des Demo-Lastgenerators ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqPanel</name>
    <message>
        <source>Read DLQ records &amp;again</source>
        <translation>DLQ-Einträge &amp;erneut lesen</translation>
    </message>
    <message>
        <source>Read the records of the selected DLQ topic again (Ctrl+Shift+B)</source>
        <translation>Die Einträge des gewählten DLQ-Topics erneut lesen (Strg+Umschalt+B)</translation>
    </message>
    <message>
        <source>&amp;Replay selected…</source>
        <translation>Auswahl &amp;wiedereinspielen…</translation>
    </message>
    <message>
        <source>Preview, then replay the selected records to their original topic (Ctrl+R)</source>
        <translation>Vorschau, dann die gewählten Einträge in ihr ursprüngliches Topic wiedereinspielen (Strg+R)</translation>
    </message>
    <message>
        <source>Replay &amp;all…</source>
        <translation>&amp;Alle wiedereinspielen…</translation>
    </message>
    <message>
        <source>Preview, then replay every record shown to its original topic (Ctrl+Shift+R)</source>
        <translation>Vorschau, dann alle angezeigten Einträge in ihr ursprüngliches Topic wiedereinspielen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>&amp;Export JSON…</source>
        <translation>Als JSON e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the records shown as a JSON file (Ctrl+E)</source>
        <translation>Die angezeigten Einträge als JSON-Datei speichern (Strg+E)</translation>
    </message>
    <message>
        <source>Select a DLQ topic.</source>
        <translation>Wählen Sie ein DLQ-Topic.</translation>
    </message>
    <message>
        <source>Show only the records of one error class</source>
        <translation>Nur die Einträge einer Fehlerklasse anzeigen</translation>
    </message>
    <message>
        <source>All error classes</source>
        <translation>Alle Fehlerklassen</translation>
    </message>
    <message>
        <source>&amp;Error class:</source>
        <translation>&amp;Fehlerklasse:</translation>
    </message>
    <message>
        <source>Select a record to see its decoded payload and headers.</source>
        <translation>Wählen Sie einen Eintrag, um seinen dekodierten Inhalt und seine Header zu sehen.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message numerus="yes">
        <source>The records of %1 could not all be read (%2); showing %n record(s) read so far. Read again with Ctrl+Shift+B.</source>
        <translation>
            <numerusform>Die Einträge von %1 konnten nicht alle gelesen werden (%2); angezeigt wird der bisher gelesene %n Eintrag. Mit Strg+Umschalt+B erneut lesen.</numerusform>
            <numerusform>Die Einträge von %1 konnten nicht alle gelesen werden (%2); angezeigt werden die bisher gelesenen %n Einträge. Mit Strg+Umschalt+B erneut lesen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n record(s)</source>
        <translation>
            <numerusform>%1: %n Eintrag</numerusform>
            <numerusform>%1: %n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaying needs a ledger of replayed records, which could not be opened (%1). Check that the console&apos;s data folder is writable.</source>
        <translation>Zum Wiedereinspielen wird ein Verzeichnis der wiedereingespielten Einträge gebraucht, das nicht geöffnet werden konnte (%1). Prüfen Sie, ob der Datenordner der Konsole beschreibbar ist.</translation>
    </message>
    <message>
        <source>Select the DLQ records to replay first.</source>
        <translation>Wählen Sie zuerst die DLQ-Einträge, die wiedereingespielt werden sollen.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) could not be replayed; the result window says why. Try again once the cluster is reachable.</source>
        <translation>
            <numerusform>%n Eintrag konnte nicht wiedereingespielt werden; das Ergebnisfenster nennt den Grund. Versuchen Sie es erneut, sobald der Cluster erreichbar ist.</numerusform>
            <numerusform>%n Einträge konnten nicht wiedereingespielt werden; das Ergebnisfenster nennt den Grund. Versuchen Sie es erneut, sobald der Cluster erreichbar ist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n record(s) to their original topics.</source>
        <translation>
            <numerusform>%n Eintrag in sein ursprüngliches Topic wiedereingespielt.</numerusform>
            <numerusform>%n Einträge in ihre ursprünglichen Topics wiedereingespielt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by the loop guard.</source>
        <translation>
            <numerusform>%n vom Schleifenschutz abgelehnt.</numerusform>
            <numerusform>%n vom Schleifenschutz abgelehnt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export DLQ records</source>
        <translation>DLQ-Einträge exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>The records could not be saved to %1 (%2). Choose another place.</source>
        <translation>Die Einträge konnten nicht in %1 gespeichert werden (%2). Wählen Sie einen anderen Ort.</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n record(s) to %1.</source>
        <translation>
            <numerusform>%n Eintrag in %1 gespeichert.</numerusform>
            <numerusform>%n Einträge in %1 gespeichert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqRecordsModel</name>
    <message>
        <source>The payload does not decode: %1</source>
        <translation>Der Inhalt lässt sich nicht dekodieren: %1</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Original topic</source>
        <translation>Ursprüngliches Topic</translation>
    </message>
    <message>
        <source>Orig. partition</source>
        <translation>Urspr. Partition</translation>
    </message>
    <message>
        <source>Orig. offset</source>
        <translation>Urspr. Offset</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>Fehlerklasse</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>First failure</source>
        <translation>Erster Fehler</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqTopicsModel</name>
    <message>
        <source>watermarks unknown</source>
        <translation>Watermarks unbekannt</translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <source>topic %1</source>
        <translation>Topic %1</translation>
    </message>
    <message>
        <source>DLQ topic</source>
        <translation>DLQ-Topic</translation>
    </message>
    <message>
        <source>Failures of</source>
        <translation>Fehler von</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Einträge</translation>
    </message>
</context>
<context>
    <name>taskstream::console::GroupMonitor</name>
    <message>
        <source>Consumer groups could not be listed (%1); showing the catalog&apos;s groups. They are listed again on the next refresh.</source>
        <translation>Die Consumer-Gruppen konnten nicht aufgelistet werden (%1); angezeigt werden die Gruppen des Katalogs. Sie werden bei der nächsten Aktualisierung erneut aufgelistet.</translation>
    </message>
    <message>
        <source>The lag of the consumer groups could not be read; their status shows ERR with the reason. It is read again on the next refresh.</source>
        <translation>Der Rückstand der Consumer-Gruppen konnte nicht gelesen werden; ihr Status zeigt ERR mit dem Grund. Er wird bei der nächsten Aktualisierung erneut gelesen.</translation>
    </message>
</context>
<context>
    <name>taskstream::console::GroupStatusEvaluator</name>
    <message>
        <source>%1: no samples yet</source>
        <translation>%1: noch keine Messwerte</translation>
    </message>
    <message>
        <source>%1: no lag</source>
        <translation>%1: kein Rückstand</translation>
    </message>
    <message>
        <source>%1: lag %2 and nothing committed</source>
        <translation>%1: Rückstand %2 und nichts committet</translation>
    </message>
    <message>
        <source>%1: lag %2 and the group has no members</source>
        <translation>%1: Rückstand %2 und die Gruppe hat keine Mitglieder</translation>
    </message>
    <message>
        <source>%1: lag %2; waiting for more samples</source>
        <translation>%1: Rückstand %2; warte auf weitere Messwerte</translation>
    </message>
    <message>
        <source>%1: lag %2 and no commit for %3 s</source>
        <translation>%1: Rückstand %2 und seit %3 s kein Commit</translation>
    </message>
    <message>
        <source>%1: lag %2 while the committed offset stays at %3</source>
        <translation>%1: Rückstand %2, während der committete Offset bei %3 stehen bleibt</translation>
    </message>
    <message>
        <source>%1: lag grew from %2 to %3 while offsets advance</source>
        <translation>%1: Rückstand wuchs von %2 auf %3, während die Offsets vorrücken</translation>
    </message>
    <message>
        <source>%1: committing, lag %2</source>
        <translation>%1: committet, Rückstand %2</translation>
    </message>
    <message>
        <source>lag could not be read: %1</source>
        <translation>Rückstand konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>no partitions to watch</source>
        <translation>keine Partitionen zu beobachten</translation>
    </message>
    <message>
        <source>all partitions committing</source>
        <translation>alle Partitionen committen</translation>
    </message>
    <message>
        <source>no lag</source>
        <translation>kein Rückstand</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more partition(s))</source>
        <translation>
            <numerusform>%1 (und %n weitere Partition)</numerusform>
            <numerusform>%1 (und %n weitere Partitionen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taskstream::console::LagChart</name>
    <message>
        <source>Lag over time</source>
        <translation>Rückstand im Zeitverlauf</translation>
    </message>
    <message>
        <source>Lag over time: %1</source>
        <translation>Rückstand im Zeitverlauf: %1</translation>
    </message>
    <message>
        <source>Select a consumer group to see its lag over time.</source>
        <translation>Wählen Sie eine Consumer-Gruppe, um ihren Rückstand im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>Collecting samples: the chart appears after the second refresh.</source>
        <translation>Sammle Messwerte: das Diagramm erscheint nach der zweiten Aktualisierung.</translation>
    </message>
    <message numerus="yes">
        <source>last %n second(s)</source>
        <translation>
            <numerusform>letzte %n Sekunde</numerusform>
            <numerusform>letzte %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, now %2</source>
        <translation>%1, jetzt %2</translation>
    </message>
</context>
<context>
    <name>taskstream::console::LiveEventsModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
</context>
<context>
    <name>taskstream::console::LivePanel</name>
    <message>
        <source>Filter by user (id or demo name)</source>
        <translation>Nach Benutzer filtern (ID oder Demo-Name)</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Stop reading new events; resume catches up (Ctrl+Shift+P)</source>
        <translation>Keine neuen Ereignisse mehr lesen; Fortsetzen holt sie nach (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>The live view cannot read %1 (%2).</source>
        <translation>Die Live-Ansicht kann %1 nicht lesen (%2).</translation>
    </message>
    <message>
        <source>Not reading: connect to a cluster with the topic %1.</source>
        <translation>Liest nicht: verbinden Sie sich mit einem Cluster, der das Topic %1 hat.</translation>
    </message>
    <message numerus="yes">
        <source>Paused. %n event(s) shown.</source>
        <translation>
            <numerusform>Angehalten. %n Ereignis angezeigt.</numerusform>
            <numerusform>Angehalten. %n Ereignisse angezeigt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reading %1 and %2. %n event(s) shown.</source>
        <translation>
            <numerusform>Lese %1 und %2. %n Ereignis angezeigt.</numerusform>
            <numerusform>Lese %1 und %2. %n Ereignisse angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Kafka topics (every user)</source>
        <translation>Kafka-Topics (alle Benutzer)</translation>
    </message>
    <message>
        <source>Daemon feed (one user)</source>
        <translation>Daemon-Feed (ein Benutzer)</translation>
    </message>
    <message>
        <source>Read the broadcast topics directly, or the daemon&apos;s WebSocket feed as the user in the filter sees it (needs the daemon&apos;s URL and token, or the sandbox)</source>
        <translation>Die Broadcast-Topics direkt lesen, oder den WebSocket-Feed des Daemons so, wie ihn der Benutzer im Filter sieht (braucht URL und Token des Daemons, oder die Sandbox)</translation>
    </message>
    <message>
        <source>The daemon&apos;s feed needs its URL and a token: enter them in the Tasks tab, or start the embedded sandbox.</source>
        <translation>Der Feed des Daemons braucht dessen URL und ein Token: geben Sie sie im Reiter Aufgaben ein oder starten Sie die eingebettete Sandbox.</translation>
    </message>
    <message>
        <source>Enter the user whose feed to show in the user filter (a demo user&apos;s name or a user id).</source>
        <translation>Geben Sie im Benutzerfilter den Benutzer ein, dessen Feed gezeigt werden soll (den Namen eines Demo-Benutzers oder eine Benutzer-ID).</translation>
    </message>
    <message>
        <source>The daemon&apos;s feed failed (%1). Check the daemon&apos;s URL and token, then choose the feed again.</source>
        <translation>Der Feed des Daemons ist fehlgeschlagen (%1). Prüfen Sie URL und Token des Daemons und wählen Sie den Feed erneut.</translation>
    </message>
    <message>
        <source>Part of what the feed missed while paused is no longer available (%1).</source>
        <translation>Ein Teil dessen, was der Feed während der Pause verpasst hat, ist nicht mehr verfügbar (%1).</translation>
    </message>
    <message numerus="yes">
        <source>Reading the daemon&apos;s feed. %n event(s) shown.</source>
        <translation>
            <numerusform>Lese den Feed des Daemons. %n Ereignis angezeigt.</numerusform>
            <numerusform>Lese den Feed des Daemons. %n Ereignisse angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected to the daemon&apos;s feed.</source>
        <translation>Nicht mit dem Feed des Daemons verbunden.</translation>
    </message>
</context>
<context>
    <name>taskstream::console::MainWindow</name>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect to the bootstrap servers given in the connection bar</source>
        <translation>Mit den Bootstrap-Servern aus der Verbindungsleiste verbinden</translation>
    </message>
    <message>
        <source>Start embedded &amp;sandbox</source>
        <translation>Eingebettete &amp;Sandbox starten</translation>
    </message>
    <message>
        <source>Start an in-memory Kafka cluster with the catalog&apos;s topics and connect to it</source>
        <translation>Einen Kafka-Cluster im Arbeitsspeicher mit den Topics des Katalogs starten und mit ihm verbinden</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Verbindung &amp;trennen</translation>
    </message>
    <message>
        <source>Edit &amp;bootstrap servers</source>
        <translation>&amp;Bootstrap-Server bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Read brokers, topics and watermarks again now (F5)</source>
        <translation>Broker, Topics und Watermarks jetzt neu lesen (F5)</translation>
    </message>
    <message>
        <source>Refresh &amp;automatically</source>
        <translation>&amp;Automatisch aktualisieren</translation>
    </message>
    <message numerus="yes">
        <source>Refresh every %n second(s)</source>
        <translation>
            <numerusform>Jede Sekunde aktualisieren</numerusform>
            <numerusform>Alle %n Sekunden aktualisieren</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Hide internal topics</source>
        <translation>&amp;Interne Topics ausblenden</translation>
    </message>
    <message>
        <source>Hide topics whose names start with &quot;__&quot;, such as __consumer_offsets</source>
        <translation>Topics ausblenden, deren Name mit „__“ beginnt, etwa __consumer_offsets</translation>
    </message>
    <message>
        <source>&amp;Expand all topics</source>
        <translation>Alle Topics &amp;aufklappen</translation>
    </message>
    <message>
        <source>&amp;Collapse all topics</source>
        <translation>Alle Topics &amp;zuklappen</translation>
    </message>
    <message>
        <source>&amp;Find topic</source>
        <translation>Topic &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;About Taskstream Console</source>
        <translation>&amp;Über die Taskstream-Konsole</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>&amp;Bootstrap-Server:</translation>
    </message>
    <message>
        <source>HOST:PORT, several separated by commas</source>
        <translation>HOST:PORT, mehrere durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Kafka brokers to ask for the cluster&apos;s metadata, for example localhost:9092 or kafka-0:9092,kafka-1:9092 (Ctrl+L)</source>
        <translation>Kafka-Broker, die nach den Metadaten des Clusters gefragt werden, zum Beispiel localhost:9092 oder kafka-0:9092,kafka-1:9092 (Strg+L)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Start embedded sandbox</source>
        <translation>Eingebettete Sandbox starten</translation>
    </message>
    <message>
        <source>%1 (Ctrl+Shift+S)</source>
        <translation>%1 (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Filter topics by name (Ctrl+F)</source>
        <translation>Topics nach Namen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Starting the embedded sandbox…</source>
        <translation>Die eingebettete Sandbox wird gestartet …</translation>
    </message>
    <message>
        <source>Refreshed at %1</source>
        <translation>Aktualisiert um %1</translation>
    </message>
    <message>
        <source>Taskstream Console</source>
        <translation>Taskstream-Konsole</translation>
    </message>
    <message>
        <source>Embedded sandbox – Taskstream Console</source>
        <translation>Eingebettete Sandbox – Taskstream-Konsole</translation>
    </message>
    <message>
        <source>%1 – Taskstream Console</source>
        <translation>%1 – Taskstream-Konsole</translation>
    </message>
    <message>
        <source>Not connected. Enter bootstrap servers and press Connect, or start the embedded sandbox.</source>
        <translation>Nicht verbunden. Geben Sie Bootstrap-Server ein und klicken Sie auf „Verbinden“, oder starten Sie die eingebettete Sandbox.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt …</translation>
    </message>
    <message>
        <source>Connected to %1: %2, %3</source>
        <translation>Verbunden mit %1: %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%n broker(s)</source>
        <translation>
            <numerusform>%n Broker</numerusform>
            <numerusform>%n Broker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n topic(s)</source>
        <translation>
            <numerusform>%n Topic</numerusform>
            <numerusform>%n Topics</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not answering; retrying.</source>
        <translation>%1 antwortet nicht; neuer Versuch folgt.</translation>
    </message>
    <message>
        <source>About Taskstream Console</source>
        <translation>Über die Taskstream-Konsole</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Taskstream Console&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Administration console for the Taskstream event backbone on Apache Kafka.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, version 2.0.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Taskstream-Konsole&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Verwaltungskonsole für das Taskstream-Event-Backbone auf Apache Kafka.&lt;/p&gt;&lt;p&gt;Lizenziert unter der Apache License, Version 2.0.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation>&amp;Topics</translation>
    </message>
    <message>
        <source>Consumer &amp;groups</source>
        <translation>Consumer-&amp;Gruppen</translation>
    </message>
    <message>
        <source>&amp;Dead-letter queues</source>
        <translation>&amp;Dead-Letter-Queues</translation>
    </message>
    <message>
        <source>D&amp;LQ</source>
        <translation>D&amp;LQ</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>Consumer-Gruppen</translation>
    </message>
    <message>
        <source>Dead-letter queues</source>
        <translation>Dead-Letter-Queues</translation>
    </message>
    <message>
        <source>Demo &amp;load</source>
        <translation>Demo-&amp;Last</translation>
    </message>
    <message>
        <source>Create, update and complete demo tasks through the sandbox&apos;s API</source>
        <translation>Demo-Aufgaben über die API der Sandbox anlegen, ändern und erledigen</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>&amp;Nachrichten</translation>
    </message>
    <message>
        <source>L&amp;ive broadcasts</source>
        <translation>L&amp;ive-Übertragungen</translation>
    </message>
    <message>
        <source>T&amp;asks</source>
        <translation>A&amp;ufgaben</translation>
    </message>
    <message>
        <source>&amp;Sandbox</source>
        <translation>&amp;Sandbox</translation>
    </message>
    <message>
        <source>Li&amp;ve</source>
        <translation>Li&amp;ve</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Live broadcasts</source>
        <translation>Live-Übertragungen</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Sandbox ready: the task API serves at %1</source>
        <translation>Sandbox bereit: die Aufgaben-API antwortet unter %1</translation>
    </message>
</context>
<context>
    <name>taskstream::console::MessageBar</name>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
    <message>
        <source>Hide message</source>
        <translation>Meldung ausblenden</translation>
    </message>
</context>
<context>
    <name>taskstream::console::MessagesModel</name>
    <message>
        <source>The value did not decode: %1</source>
        <translation>Der Wert ließ sich nicht dekodieren: %1</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>taskstream::console::MessagesPanel</name>
    <message>
        <source>Last records</source>
        <translation>Letzte Einträge</translation>
    </message>
    <message>
        <source>Beginning</source>
        <translation>Anfang</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Where to start reading in each partition</source>
        <translation>Wo in jeder Partition das Lesen beginnt</translation>
    </message>
    <message>
        <source> per partition</source>
        <translation> je Partition</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>at most </source>
        <translation>höchstens </translation>
    </message>
    <message>
        <source>The view keeps at most this many records</source>
        <translation>Die Ansicht behält höchstens so viele Einträge</translation>
    </message>
    <message>
        <source>&amp;Read</source>
        <translation>&amp;Lesen</translation>
    </message>
    <message>
        <source>Read the topic&apos;s records from the chosen position (Ctrl+Shift+M)</source>
        <translation>Die Einträge des Topics ab der gewählten Stelle lesen (Strg+Umschalt+M)</translation>
    </message>
    <message>
        <source>&amp;Copy as JSON</source>
        <translation>Als JSON &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the selected records, or all shown, as JSON (Ctrl+Shift+C)</source>
        <translation>Die gewählten Einträge, oder alle angezeigten, als JSON kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <source>Filter by key</source>
        <translation>Nach Schlüssel filtern</translation>
    </message>
    <message>
        <source>Filter by type</source>
        <translation>Nach Typ filtern</translation>
    </message>
    <message>
        <source>Filter by text</source>
        <translation>Nach Text filtern</translation>
    </message>
    <message>
        <source>Select a record to see it decoded, with its key and headers.</source>
        <translation>Wählen Sie einen Eintrag, um ihn dekodiert mit Schlüssel und Headern zu sehen.</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Topic:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>ab</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) read; stopped: %1</source>
        <translation>
            <numerusform>%n Eintrag gelesen; abgebrochen: %1</numerusform>
            <numerusform>%n Einträge gelesen; abgebrochen: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the topic failed (%1). Check the connection and read again.</source>
        <translation>Das Lesen des Topics ist fehlgeschlagen (%1). Prüfen Sie die Verbindung und lesen Sie erneut.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) read</source>
        <translation>
            <numerusform>%n Eintrag gelesen</numerusform>
            <numerusform>%n Einträge gelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>all partitions</source>
        <translation>alle Partitionen</translation>
    </message>
    <message>
        <source>partition %1</source>
        <translation>Partition %1</translation>
    </message>
    <message>
        <source>Connect to a cluster and choose a topic first.</source>
        <translation>Verbinden Sie sich zuerst mit einem Cluster und wählen Sie ein Topic.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) copied as JSON</source>
        <translation>
            <numerusform>%n Eintrag als JSON kopiert</numerusform>
            <numerusform>%n Einträge als JSON kopiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taskstream::console::ReplayDialog</name>
    <message>
        <source>would replay</source>
        <translation>würde wiedereingespielt</translation>
    </message>
    <message>
        <source>replayed</source>
        <translation>wiedereingespielt</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>already replayed</source>
        <translation>bereits wiedereingespielt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Replay preview</source>
        <translation>Vorschau des Wiedereinspielens</translation>
    </message>
    <message>
        <source>Replay result</source>
        <translation>Ergebnis des Wiedereinspielens</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n record(s) would go back to their original topic.</source>
        <translation>
            <numerusform>Probelauf: %n Eintrag ginge zurück in sein ursprüngliches Topic.</numerusform>
            <numerusform>Probelauf: %n Einträge gingen zurück in ihr ursprüngliches Topic.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by the loop guard.</source>
        <translation>
            <numerusform>%n vom Schleifenschutz abgelehnt.</numerusform>
            <numerusform>%n vom Schleifenschutz abgelehnt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing has been published yet.</source>
        <translation>Noch wurde nichts veröffentlicht.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) replayed.</source>
        <translation>
            <numerusform>%n Eintrag wiedereingespielt.</numerusform>
            <numerusform>%n Einträge wiedereingespielt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused.</source>
        <translation>
            <numerusform>%n abgelehnt.</numerusform>
            <numerusform>%n abgelehnt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already replayed.</source>
        <translation>
            <numerusform>%n bereits wiedereingespielt.</numerusform>
            <numerusform>%n bereits wiedereingespielt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed.</source>
        <translation>
            <numerusform>%n fehlgeschlagen.</numerusform>
            <numerusform>%n fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message>
        <source>DLQ record</source>
        <translation>DLQ-Eintrag</translation>
    </message>
    <message>
        <source>Back to</source>
        <translation>Zurück nach</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>New offset</source>
        <translation>Neuer Offset</translation>
    </message>
    <message numerus="yes">
        <source>Replay %n record(s)</source>
        <translation>
            <numerusform>%n Eintrag wiedereinspielen</numerusform>
            <numerusform>%n Einträge wiedereinspielen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taskstream::console::TaskDialog</name>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Neue Aufgabe</translation>
    </message>
    <message>
        <source>Edit task</source>
        <translation>Aufgabe bearbeiten</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>Due date:</source>
        <translation>Fälligkeit:</translation>
    </message>
</context>
<context>
    <name>taskstream::console::TasksModel</name>
    <message>
        <source>completed</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>taskstream::console::TasksPanel</name>
    <message>
        <source>http://HOST:PORT of taskstreamd</source>
        <translation>http://HOST:PORT von taskstreamd</translation>
    </message>
    <message>
        <source>a token from `taskstreamd token --user ID`</source>
        <translation>ein Token von `taskstreamd token --user ID`</translation>
    </message>
    <message>
        <source>A demo user of the sandbox, or a user id (UUID)</source>
        <translation>Ein Demo-Benutzer der Sandbox oder eine Benutzer-ID (UUID)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Read the user&apos;s tasks again</source>
        <translation>Die Aufgaben des Benutzers erneut lesen</translation>
    </message>
    <message>
        <source>&amp;New task…</source>
        <translation>&amp;Neue Aufgabe…</translation>
    </message>
    <message>
        <source>Create a task for the user</source>
        <translation>Eine Aufgabe für den Benutzer anlegen</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the selected task</source>
        <translation>Die gewählte Aufgabe bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Erledigen</translation>
    </message>
    <message>
        <source>Mark the selected task completed</source>
        <translation>Die gewählte Aufgabe als erledigt markieren</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected task</source>
        <translation>Die gewählte Aufgabe löschen</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Daemon API:</source>
        <translation>Daemon-API:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>issued by the sandbox for each user</source>
        <translation>von der Sandbox für jeden Benutzer ausgestellt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user: pick a demo user or enter a user id (a UUID).</source>
        <translation>„%1“ ist kein Benutzer: wählen Sie einen Demo-Benutzer oder geben Sie eine Benutzer-ID (UUID) ein.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Lade…</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n Aufgabe</numerusform>
            <numerusform>%n Aufgaben</numerusform>
        </translation>
    </message>
    <message>
        <source>The task was deleted.</source>
        <translation>Die Aufgabe wurde gelöscht.</translation>
    </message>
    <message>
        <source>Delete task</source>
        <translation>Aufgabe löschen</translation>
    </message>
    <message>
        <source>Delete the task &quot;%1&quot;? The API keeps no way to bring it back.</source>
        <translation>Die Aufgabe „%1“ löschen? Die API bietet keinen Weg, sie zurückzuholen.</translation>
    </message>
</context>
<context>
    <name>taskstream::console::TopicsModel</name>
    <message numerus="yes">
        <source>%n partition(s) need attention; expand the topic for details</source>
        <translation>
            <numerusform>%n Partition braucht Aufmerksamkeit; klappen Sie das Topic für Details auf</numerusform>
            <numerusform>%n Partitionen brauchen Aufmerksamkeit; klappen Sie das Topic für Details auf</numerusform>
        </translation>
    </message>
    <message>
        <source>Replication factor</source>
        <translation>Replikationsfaktor</translation>
    </message>
    <message>
        <source>Metadata error: %1</source>
        <translation>Metadatenfehler: %1</translation>
    </message>
    <message>
        <source>No leader: the partition is offline until a replica takes over</source>
        <translation>Kein Leader: die Partition ist offline, bis ein Replikat übernimmt</translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas in sync</source>
        <translation>Unterrepliziert: %1 von %2 Replikaten synchron</translation>
    </message>
    <message>
        <source>Watermarks could not be read: %1</source>
        <translation>Watermarks konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Partition %1 of %2</source>
        <translation>Partition %1 von %2</translation>
    </message>
    <message>
        <source>In-sync replicas: brokers whose copy of the partition is up to date</source>
        <translation>Synchrone Replikate: Broker, deren Kopie der Partition aktuell ist</translation>
    </message>
    <message>
        <source>Offset of the oldest record still kept</source>
        <translation>Offset des ältesten noch gespeicherten Datensatzes</translation>
    </message>
    <message>
        <source>Offset the next record will get</source>
        <translation>Offset, den der nächste Datensatz erhält</translation>
    </message>
    <message>
        <source>Records kept: high watermark minus low watermark</source>
        <translation>Gespeicherte Datensätze: High Watermark minus Low Watermark</translation>
    </message>
    <message>
        <source>Topic / partition</source>
        <translation>Topic / Partition</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>In sync</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>Low watermark</source>
        <translation>Low Watermark</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>High Watermark</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
</context>
</TS>
