<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>ButtonTexts</name>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Schließen</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>&amp;Ja</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>&amp;Nein</translation>
        </message>
    </context>
    <context>
        <name>ConnectionProfile</name>
        <message>
            <source>Give the profile a name.</source>
            <translation>Geben Sie dem Profil einen Namen.</translation>
        </message>
        <message>
            <source>The bootstrap servers must be HOST:PORT, several separated by commas (%1).</source>
            <translation>Die Bootstrap-Server müssen als HOST:PORT angegeben werden, mehrere durch Kommas getrennt (%1).</translation>
        </message>
        <message>
            <source>%1 needs a user name.</source>
            <translation>%1 braucht einen Benutzernamen.</translation>
        </message>
        <message>
            <source>The %1 "%2" does not exist or cannot be read.</source>
            <translation>Die Datei „%2“ (%1) existiert nicht oder kann nicht gelesen werden.</translation>
        </message>
        <message>
            <source>CA file</source>
            <translation>CA-Datei</translation>
        </message>
        <message>
            <source>client certificate</source>
            <translation>Client-Zertifikat</translation>
        </message>
        <message>
            <source>client key</source>
            <translation>Client-Schlüssel</translation>
        </message>
        <message>
            <source>A client certificate needs its key, and a key its certificate: give both or neither.</source>
            <translation>Ein Client-Zertifikat braucht seinen Schlüssel und ein Schlüssel sein Zertifikat: geben Sie beide an oder keines.</translation>
        </message>
        <message>
            <source>The Schema Registry URL must be http://HOST:PORT or https://HOST:PORT.</source>
            <translation>Die URL der Schema Registry muss http://HOST:PORT oder https://HOST:PORT lauten.</translation>
        </message>
        <message>
            <source>The daemon's API URL must be http://HOST:PORT or https://HOST:PORT.</source>
            <translation>Die API-URL des Daemons muss http://HOST:PORT oder https://HOST:PORT lauten.</translation>
        </message>
        <message>
            <source>There is no profile "%1".</source>
            <translation>Es gibt kein Profil „%1“.</translation>
        </message>
        <message>
            <source>A profile named "%1" exists already.</source>
            <translation>Ein Profil namens „%1“ existiert bereits.</translation>
        </message>
    </context>
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
            <source>unexpected argument '%1'; give the brokers with --bootstrap-servers HOST:PORT</source>
            <translation>unerwartetes Argument „%1“; geben Sie die Broker mit --bootstrap-servers HOST:PORT an</translation>
        </message>
        <message>
            <source>--sandbox and --bootstrap-servers exclude each other; give one of them</source>
            <translation>--sandbox und --bootstrap-servers schließen einander aus; geben Sie nur eines davon an</translation>
        </message>
        <message>
            <source>--bootstrap-servers '%1' is not valid: write HOST:PORT, several separated by commas (for example localhost:9092)</source>
            <translation>--bootstrap-servers „%1“ ist ungültig: schreiben Sie HOST:PORT, mehrere durch Kommas getrennt (zum Beispiel localhost:9092)</translation>
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
            <source>With --sandbox: create, update and complete demo tasks continuously through the sandbox's API.</source>
            <translation>Mit --sandbox: fortlaufend Demo-Aufgaben über die API der Sandbox anlegen, ändern und erledigen.</translation>
        </message>
        <message>
            <source>--demo-load needs --sandbox</source>
            <translation>--demo-load braucht --sandbox</translation>
        </message>
        <message>
            <source>--screenshot-tab '%1' is not a tab; give one of %2</source>
            <translation>--screenshot-tab „%1“ ist kein Reiter; geben Sie einen von %2 an</translation>
        </message>
        <message>
            <source>--screenshot-tab needs --screenshot</source>
            <translation>--screenshot-tab braucht --screenshot</translation>
        </message>
        <message>
            <source>--screenshot-delay '%1' is not a number of milliseconds from 0 to 600000</source>
            <translation>--screenshot-delay „%1“ ist keine Zahl von Millisekunden zwischen 0 und 600000</translation>
        </message>
        <message>
            <source>Connect at start with the saved connection profile &lt;name&gt; (see Cluster &gt; Connections…).</source>
            <translation>Beim Start mit dem gespeicherten Verbindungsprofil &lt;name&gt; verbinden (siehe Cluster &gt; Verbindungen…).</translation>
        </message>
        <message>
            <source>name</source>
            <translation>name</translation>
        </message>
        <message>
            <source>With --screenshot: show the tab &lt;tab&gt; (topics, groups, dlq, messages, live, tasks, audit) first, or "all" to save every tab into the folder given to --screenshot.</source>
            <translation>Mit --screenshot: zuerst den Reiter &lt;reiter&gt; zeigen (topics, groups, dlq, messages, live, tasks, audit), oder „all“, um jeden Reiter in den bei --screenshot angegebenen Ordner zu speichern.</translation>
        </message>
        <message>
            <source>--profile excludes --sandbox and --bootstrap-servers; give one of them</source>
            <translation>--profile schließt --sandbox und --bootstrap-servers aus; geben Sie nur eines davon an</translation>
        </message>
        <message>
            <source>--profile needs the name of a saved connection profile</source>
            <translation>--profile braucht den Namen eines gespeicherten Verbindungsprofils</translation>
        </message>
        <message>
            <source>there is no connection profile '%1'; none is saved yet</source>
            <translation>es gibt kein Verbindungsprofil „%1“; bisher ist keines gespeichert</translation>
        </message>
        <message>
            <source>there is no connection profile '%1'; saved are: %2</source>
            <translation>es gibt kein Verbindungsprofil „%1“; gespeichert sind: %2</translation>
        </message>
        <message>
            <source>Look only: hide every action that changes something (replay, offset reset, discard, outbox retry, task edits, produce), whatever the connection profile says.</source>
            <translation>Nur ansehen: jede Aktion ausblenden, die etwas ändert (Wiedereinspielen, Offsets zurücksetzen, Verwerfen, Outbox-Wiederholung, Aufgaben bearbeiten, Produzieren), was auch immer das Verbindungsprofil sagt.</translation>
        </message>
        <message>
            <source>--demo-load changes tasks and --read-only forbids it; give one of them</source>
            <translation>--demo-load ändert Aufgaben und --read-only verbietet das; geben Sie eines von beiden an</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::AuditModel</name>
        <message>
            <source>“%1”</source>
            <translation>„%1“</translation>
        </message>
        <message>
            <source>changed: %1</source>
            <translation>geändert: %1</translation>
        </message>
        <message>
            <source>remind at %1</source>
            <translation>Erinnerung am %1</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>erledigt</translation>
        </message>
        <message>
            <source>Occurred %1, recorded %2</source>
            <translation>Eingetreten: %1, erfasst: %2</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Zeit</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Typ</translation>
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
            <source>Topic</source>
            <translation>Topic</translation>
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
            <source>Summary</source>
            <translation>Zusammenfassung</translation>
        </message>
        <message>
            <source>API</source>
            <translation>API</translation>
        </message>
        <message>
            <source>console</source>
            <translation>Konsole</translation>
        </message>
        <message>
            <source>worker %1</source>
            <translation>Worker %1</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Not recorded: the event carried no actor (written before actors were recorded, or by another producer)</source>
            <translation>Nicht erfasst: Das Ereignis nannte niemanden (geschrieben, bevor Akteure erfasst wurden, oder von einem anderen Produzenten)</translation>
        </message>
        <message>
            <source>Subject %1, source %2</source>
            <translation>Subjekt %1, Quelle %2</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Wer</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::AuditPanel</name>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Suchen</translation>
        </message>
        <message>
            <source>Load &amp;more</source>
            <translation>&amp;Mehr laden</translation>
        </message>
        <message>
            <source>any user (a user id, or a demo user's name)</source>
            <translation>beliebiger Benutzer (eine Benutzer-ID oder der Name eines Demo-Benutzers)</translation>
        </message>
        <message>
            <source>any task (a task id)</source>
            <translation>beliebige Aufgabe (eine Aufgaben-ID)</translation>
        </message>
        <message>
            <source>any</source>
            <translation>beliebig</translation>
        </message>
        <message>
            <source>Entries that occurred at or after this local time; "any" for no bound</source>
            <translation>Einträge ab dieser Ortszeit (einschließlich); „beliebig“ für keine Grenze</translation>
        </message>
        <message>
            <source>Entries that occurred before this local time; "any" for no bound</source>
            <translation>Einträge vor dieser Ortszeit; „beliebig“ für keine Grenze</translation>
        </message>
        <message>
            <source>words in the type or payload (all must occur)</source>
            <translation>Wörter im Typ oder Inhalt (alle müssen vorkommen)</translation>
        </message>
        <message>
            <source>Search the audit log with these filters (Return in any field)</source>
            <translation>Das Audit-Log mit diesen Filtern durchsuchen (Eingabetaste in einem beliebigen Feld)</translation>
        </message>
        <message>
            <source>Add the next page of entries</source>
            <translation>Die nächste Seite an Einträgen hinzufügen</translation>
        </message>
        <message>
            <source>&amp;Reset</source>
            <translation>&amp;Zurücksetzen</translation>
        </message>
        <message>
            <source>Clear every filter</source>
            <translation>Alle Filter leeren</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Suche…</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>&amp;Benutzer:</translation>
        </message>
        <message>
            <source>Tas&amp;k:</source>
            <translation>A&amp;ufgabe:</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>&amp;Typ:</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;Von:</translation>
        </message>
        <message>
            <source>T&amp;o:</source>
            <translation>B&amp;is:</translation>
        </message>
        <message>
            <source>&amp;Words:</source>
            <translation>&amp;Wörter:</translation>
        </message>
        <message>
            <source>Select an entry to see it as JSON.</source>
            <translation>Wählen Sie einen Eintrag, um ihn als JSON zu sehen.</translation>
        </message>
        <message>
            <source>"%1" is not a user: enter a user id (a UUID) or a demo user's name, or leave the field empty for every user.</source>
            <translation>„%1“ ist kein Benutzer: geben Sie eine Benutzer-ID (UUID) oder den Namen eines Demo-Benutzers ein, oder lassen Sie das Feld für alle Benutzer leer.</translation>
        </message>
        <message>
            <source>"%1" is not a task id: enter a task's id (a UUID), or leave the field empty for every task.</source>
            <translation>„%1“ ist keine Aufgaben-ID: geben Sie die ID einer Aufgabe (UUID) ein, oder lassen Sie das Feld für alle Aufgaben leer.</translation>
        </message>
        <message>
            <source>The time range is empty: "from" (%1) must be before "to" (%2). Correct one of them, or set it to "any".</source>
            <translation>Der Zeitraum ist leer: „Von“ (%1) muss vor „Bis“ (%2) liegen. Korrigieren Sie eine der Angaben oder setzen Sie sie auf „beliebig“.</translation>
        </message>
        <message>
            <source>"%1" has no word to look for: enter letters or digits, or leave the field empty.</source>
            <translation>„%1“ enthält kein Wort, nach dem gesucht werden kann: geben Sie Buchstaben oder Ziffern ein, oder lassen Sie das Feld leer.</translation>
        </message>
        <message>
            <source>The daemon refused the token (%1). Enter a valid token in the Tasks tab.</source>
            <translation>Der Daemon hat das Token abgelehnt (%1). Geben Sie im Reiter Aufgaben ein gültiges Token ein.</translation>
        </message>
        <message>
            <source>Only an admin token may search other users' entries (%1). Enter one in the Tasks tab (taskstreamd token --role admin), or leave the user empty.</source>
            <translation>Nur ein Admin-Token darf die Einträge anderer Benutzer durchsuchen (%1). Geben Sie eines im Reiter Aufgaben ein (taskstreamd token --role admin), oder lassen Sie den Benutzer leer.</translation>
        </message>
        <message>
            <source>The daemon did not accept the search: %1. Correct the filters and search again.</source>
            <translation>Der Daemon hat die Suche nicht angenommen: %1. Korrigieren Sie die Filter und suchen Sie erneut.</translation>
        </message>
        <message>
            <source>The daemon's database did not answer (%1). Search again in a moment.</source>
            <translation>Die Datenbank des Daemons hat nicht geantwortet (%1). Suchen Sie gleich noch einmal.</translation>
        </message>
        <message>
            <source>No entry matches. Events reach the audit log a moment after they happen.</source>
            <translation>Kein Eintrag passt. Ereignisse erreichen das Audit-Log einen Moment, nachdem sie geschehen.</translation>
        </message>
        <message numerus="yes">
            <source>%n entry(ies) shown; more match (Load more).</source>
            <translation>
                <numerusform>%n Eintrag angezeigt; weitere passen (Mehr laden).</numerusform>
                <numerusform>%n Einträge angezeigt; weitere passen (Mehr laden).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n entry(ies) shown; no more match.</source>
            <translation>
                <numerusform>%n Eintrag angezeigt; keine weiteren passen.</numerusform>
                <numerusform>%n Einträge angezeigt; keine weiteren passen.</numerusform>
            </translation>
        </message>
        <message>
            <source>Searching as the sandbox's administrator: every user's entries.</source>
            <translation>Suche als Administrator der Sandbox: die Einträge aller Benutzer.</translation>
        </message>
        <message>
            <source>Searching the daemon of the Tasks tab with its token: an admin token sees every user's entries, a user's token only that user's.</source>
            <translation>Suche beim Daemon des Reiters Aufgaben mit dessen Token: ein Admin-Token sieht die Einträge aller Benutzer, das Token eines Benutzers nur dessen eigene.</translation>
        </message>
        <message>
            <source>No entry matches. The daemon does not run the audit role (its roles: %1), so no new events are recorded in the audit log.</source>
            <translation>Kein Eintrag passt. Der Daemon führt die Rolle „audit“ nicht aus (seine Rollen: %1), daher werden keine neuen Ereignisse im Audit-Log festgehalten.</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>No entry matches.</source>
            <translation>Kein Eintrag passt.</translation>
        </message>
        <message>
            <source>E&amp;xport…</source>
            <translation>E&amp;xportieren…</translation>
        </message>
        <message>
            <source>anyone (who did it: a user id, or a demo user's name)</source>
            <translation>jeder (wer es tat: eine Benutzer-ID oder der Name eines Demo-Benutzers)</translation>
        </message>
        <message>
            <source>API</source>
            <translation>API</translation>
        </message>
        <message>
            <source>console</source>
            <translation>Konsole</translation>
        </message>
        <message>
            <source>workers</source>
            <translation>Worker</translation>
        </message>
        <message>
            <source>Where the change came from: a request to the API, the console, or a worker reacting to another event</source>
            <translation>Woher die Änderung kam: eine Anfrage an die API, die Konsole oder ein Worker, der auf ein anderes Ereignis reagiert hat</translation>
        </message>
        <message>
            <source>Save every entry of these filters and time range (not only those shown) as CSV or JSON lines</source>
            <translation>Alle Einträge dieser Filter und dieses Zeitraums (nicht nur die angezeigten) als CSV oder JSON Lines speichern</translation>
        </message>
        <message>
            <source>Export the audit log</source>
            <translation>Audit-Log exportieren</translation>
        </message>
        <message>
            <source>CSV (*.csv);;JSON lines (*.jsonl)</source>
            <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
        </message>
        <message>
            <source>W&amp;ho:</source>
            <translation>We&amp;r:</translation>
        </message>
        <message>
            <source>Sour&amp;ce:</source>
            <translation>&amp;Quelle:</translation>
        </message>
        <message>
            <source>"%1" is not someone who can act: enter a user id (a UUID) or a demo user's name, or leave the field empty for anyone.</source>
            <translation>„%1“ ist niemand, der handeln kann: Geben Sie eine Benutzer-ID (eine UUID) oder den Namen eines Demo-Benutzers ein, oder lassen Sie das Feld für jeden leer.</translation>
        </message>
        <message>
            <source>Exporting to %1…</source>
            <translation>Exportiere nach %1…</translation>
        </message>
        <message>
            <source>Only an admin token may export other users' entries. Enter one in the Tasks tab, or leave the user empty.</source>
            <translation>Nur ein Admin-Token darf die Einträge anderer Benutzer exportieren. Geben Sie eines im Reiter Aufgaben ein, oder lassen Sie den Benutzer leer.</translation>
        </message>
        <message>
            <source>The daemon does not offer the audit export (it is older than this console).</source>
            <translation>Der Daemon bietet den Audit-Export nicht an (er ist älter als diese Konsole).</translation>
        </message>
        <message>
            <source>The audit log was not exported: %1</source>
            <translation>Das Audit-Log wurde nicht exportiert: %1</translation>
        </message>
        <message>
            <source>Exported to %1.</source>
            <translation>Exportiert nach %1.</translation>
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
            <source>"%1" is not a valid bootstrap list: write HOST:PORT, several separated by commas (for example localhost:9092,kafka-2:9092).</source>
            <translation>„%1“ ist keine gültige Bootstrap-Liste: schreiben Sie HOST:PORT, mehrere durch Kommas getrennt (zum Beispiel localhost:9092,kafka-2:9092).</translation>
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
            <source>The sandbox's task services stopped (%1). The cluster views keep working; start the sandbox again to retry.</source>
            <translation>Die Aufgabendienste der Sandbox wurden beendet (%1). Die Cluster-Ansichten arbeiten weiter; starten Sie die Sandbox erneut, um es noch einmal zu versuchen.</translation>
        </message>
        <message>
            <source>The embedded sandbox did not start. Connect to a Kafka cluster instead.</source>
            <translation>Die eingebettete Sandbox ist nicht gestartet. Verbinden Sie sich stattdessen mit einem Kafka-Cluster.</translation>
        </message>
        <message>
            <source>Cannot connect to %1: the Kafka client refused the settings (%2). Check the bootstrap servers and the connection's security settings.</source>
            <translation>Keine Verbindung zu %1 möglich: der Kafka-Client hat die Einstellungen abgelehnt (%2). Prüfen Sie die Bootstrap-Server und die Sicherheitseinstellungen der Verbindung.</translation>
        </message>
        <message>
            <source>Cannot connect to %1: %2</source>
            <translation>Keine Verbindung zu %1 möglich: %2</translation>
        </message>
        <message>
            <source>Cannot connect: %1</source>
            <translation>Keine Verbindung möglich: %1</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionProfilesModel</name>
        <message>
            <source>%1 (connected to last)</source>
            <translation>%1 (zuletzt verbunden)</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Bootstrap servers</source>
            <translation>Bootstrap-Server</translation>
        </message>
        <message>
            <source>Security</source>
            <translation>Sicherheit</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionTester</name>
        <message>
            <source>The Kafka client refused the settings (%1). Check the security protocol, mechanism and files.</source>
            <translation>Der Kafka-Client hat die Einstellungen abgelehnt (%1). Prüfen Sie Sicherheitsprotokoll, Mechanismus und Dateien.</translation>
        </message>
        <message numerus="yes">
            <source>Connected: %n broker(s) found.</source>
            <translation>
                <numerusform>Verbunden: %n Broker gefunden.</numerusform>
                <numerusform>Verbunden: %n Broker gefunden.</numerusform>
            </translation>
        </message>
        <message>
            <source>The cluster answered but listed no brokers.</source>
            <translation>Der Cluster hat geantwortet, aber keine Broker genannt.</translation>
        </message>
        <message>
            <source>Authentication failed (%1). Check the user name, password and SASL mechanism of the profile.</source>
            <translation>Die Authentifizierung ist fehlgeschlagen (%1). Prüfen Sie Benutzername, Passwort und SASL-Mechanismus des Profils.</translation>
        </message>
        <message>
            <source>The TLS handshake failed (%1). Check the CA file, the client certificate and key, hostname verification, and that the brokers listen with TLS on that port.</source>
            <translation>Der TLS-Handshake ist fehlgeschlagen (%1). Prüfen Sie die CA-Datei, Client-Zertifikat und -Schlüssel, die Prüfung der Hostnamen, und ob die Broker auf diesem Port mit TLS lauschen.</translation>
        </message>
        <message>
            <source>A broker's host name was not found. Check the bootstrap servers.</source>
            <translation>Der Hostname eines Brokers wurde nicht gefunden. Prüfen Sie die Bootstrap-Server.</translation>
        </message>
        <message numerus="yes">
            <source>The brokers accepted the connection but did not complete the %1 handshake within %n second(s). Check that they listen with the security protocol %1 on that port, and the SASL mechanism, user name and password.</source>
            <translation>
                <numerusform>Die Broker haben die Verbindung angenommen, den %1-Handshake aber nicht innerhalb von %n Sekunde abgeschlossen. Prüfen Sie, ob sie auf diesem Port mit dem Sicherheitsprotokoll %1 lauschen, sowie SASL-Mechanismus, Benutzername und Passwort.</numerusform>
                <numerusform>Die Broker haben die Verbindung angenommen, den %1-Handshake aber nicht innerhalb von %n Sekunden abgeschlossen. Prüfen Sie, ob sie auf diesem Port mit dem Sicherheitsprotokoll %1 lauschen, sowie SASL-Mechanismus, Benutzername und Passwort.</numerusform>
            </translation>
        </message>
        <message>
            <source>The brokers refused the connection. Check the bootstrap servers and that the brokers are running.</source>
            <translation>Die Broker haben die Verbindung abgelehnt. Prüfen Sie die Bootstrap-Server und ob die Broker laufen.</translation>
        </message>
        <message numerus="yes">
            <source>No answer from the brokers within %n second(s). Check the bootstrap servers, that the brokers are running and that the security protocol matches their listener.</source>
            <translation>
                <numerusform>Keine Antwort der Broker innerhalb von %n Sekunde. Prüfen Sie die Bootstrap-Server, ob die Broker laufen und ob das Sicherheitsprotokoll zu ihrem Listener passt.</numerusform>
                <numerusform>Keine Antwort der Broker innerhalb von %n Sekunden. Prüfen Sie die Bootstrap-Server, ob die Broker laufen und ob das Sicherheitsprotokoll zu ihrem Listener passt.</numerusform>
            </translation>
        </message>
        <message>
            <source>The connection failed (%1).</source>
            <translation>Die Verbindung ist fehlgeschlagen (%1).</translation>
        </message>
        <message>
            <source>%1 answers HTTP, not the Kafka protocol: it is a web server or an HTTP API (perhaps the daemon's), not a broker. Give the brokers' Kafka port (often 9092) as the bootstrap servers, and the daemon's URL as its API.</source>
            <translation>%1 antwortet mit HTTP, nicht mit dem Kafka-Protokoll: Das ist ein Webserver oder eine HTTP-API (vielleicht die des Daemons), kein Broker. Geben Sie als Bootstrap-Server den Kafka-Port der Broker an (oft 9092) und die URL des Daemons als dessen API.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionsDialog</name>
        <message>
            <source>Connections</source>
            <translation>Verbindungen</translation>
        </message>
        <message>
            <source>&amp;New</source>
            <translation>&amp;Neu</translation>
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation>&amp;Löschen</translation>
        </message>
        <message>
            <source>HOST:PORT, several separated by commas</source>
            <translation>HOST:PORT, mehrere durch Kommas getrennt</translation>
        </message>
        <message>
            <source>asked for when connecting</source>
            <translation>wird beim Verbinden abgefragt</translation>
        </message>
        <message>
            <source>&amp;Remember password and token</source>
            <translation>Passwort und Token &amp;merken</translation>
        </message>
        <message>
            <source>Keep the SASL password and the API token in the console's settings file, readable by your user account but not encrypted. Off: they are kept only until the console closes.</source>
            <translation>SASL-Passwort und API-Token in der Einstellungsdatei der Konsole aufbewahren, lesbar für Ihr Benutzerkonto, aber nicht verschlüsselt. Aus: sie werden nur bis zum Schließen der Konsole behalten.</translation>
        </message>
        <message>
            <source>Choose a file</source>
            <translation>Datei wählen</translation>
        </message>
        <message>
            <source>CA certificate</source>
            <translation>CA-Zertifikat</translation>
        </message>
        <message>
            <source>the system's CA certificates</source>
            <translation>die CA-Zertifikate des Systems</translation>
        </message>
        <message>
            <source>Client certificate</source>
            <translation>Client-Zertifikat</translation>
        </message>
        <message>
            <source>optional, for mutual TLS</source>
            <translation>optional, für gegenseitiges TLS</translation>
        </message>
        <message>
            <source>Client key</source>
            <translation>Client-Schlüssel</translation>
        </message>
        <message>
            <source>&amp;Verify the brokers' host names</source>
            <translation>Hostnamen der Broker prü&amp;fen</translation>
        </message>
        <message>
            <source>optional, http://HOST:PORT</source>
            <translation>optional, http://HOST:PORT</translation>
        </message>
        <message>
            <source>optional, http://HOST:PORT of taskstreamd</source>
            <translation>optional, http://HOST:PORT von taskstreamd</translation>
        </message>
        <message>
            <source>optional, from `taskstreamd token --user ID`</source>
            <translation>optional, von `taskstreamd token --user ID`</translation>
        </message>
        <message>
            <source>Kafka</source>
            <translation>Kafka</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>N&amp;ame:</translation>
        </message>
        <message>
            <source>&amp;Bootstrap servers:</source>
            <translation>&amp;Bootstrap-Server:</translation>
        </message>
        <message>
            <source>&amp;Security protocol:</source>
            <translation>Sic&amp;herheitsprotokoll:</translation>
        </message>
        <message>
            <source>SASL &amp;mechanism:</source>
            <translation>SASL-Mechan&amp;ismus:</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>Ben&amp;utzername:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Passwort:</translation>
        </message>
        <message>
            <source>&amp;CA file:</source>
            <translation>&amp;CA-Datei:</translation>
        </message>
        <message>
            <source>Client c&amp;ertificate:</source>
            <translation>Client-&amp;Zertifikat:</translation>
        </message>
        <message>
            <source>Client &amp;key:</source>
            <translation>Client-Schl&amp;üssel:</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>Dienste</translation>
        </message>
        <message>
            <source>Schema &amp;Registry:</source>
            <translation>Schema &amp;Registry:</translation>
        </message>
        <message>
            <source>&amp;Daemon API:</source>
            <translation>&amp;Daemon-API:</translation>
        </message>
        <message>
            <source>API &amp;token:</source>
            <translation>API-&amp;Token:</translation>
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation>Verbindung t&amp;esten</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Speichern</translation>
        </message>
        <message>
            <source>C&amp;onnect</source>
            <translation>&amp;Verbinden</translation>
        </message>
        <message>
            <source>A new profile: fill in the form and press Save or Connect.</source>
            <translation>Ein neues Profil: füllen Sie das Formular aus und klicken Sie auf „Speichern“ oder „Verbinden“.</translation>
        </message>
        <message>
            <source>A profile named "%1" exists already.</source>
            <translation>Ein Profil namens „%1“ existiert bereits.</translation>
        </message>
        <message>
            <source>Saved "%1".</source>
            <translation>„%1“ gespeichert.</translation>
        </message>
        <message>
            <source>Saved "%1" without its password and token; they are asked for when connecting.</source>
            <translation>„%1“ ohne Passwort und Token gespeichert; sie werden beim Verbinden abgefragt.</translation>
        </message>
        <message>
            <source>Delete profile</source>
            <translation>Profil löschen</translation>
        </message>
        <message>
            <source>Delete the connection profile "%1"?</source>
            <translation>Das Verbindungsprofil „%1“ löschen?</translation>
        </message>
        <message>
            <source>Deleted "%1".</source>
            <translation>„%1“ gelöscht.</translation>
        </message>
        <message>
            <source>Give the profile a name.</source>
            <translation>Geben Sie dem Profil einen Namen.</translation>
        </message>
        <message>
            <source>Enter the password to test the connection.</source>
            <translation>Geben Sie das Passwort ein, um die Verbindung zu testen.</translation>
        </message>
        <message>
            <source>Testing %1…</source>
            <translation>Teste %1…</translation>
        </message>
        <message>
            <source>PEM files (*.pem *.crt *.cer *.key)</source>
            <translation>PEM-Dateien (*.pem *.crt *.cer *.key)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Read-&amp;only: hide every action that changes something</source>
            <translation>Nur &amp;lesen: jede Aktion ausblenden, die etwas ändert</translation>
        </message>
        <message>
            <source>For looking only, e.g. at production: no replay, offset reset, discard, outbox retry, task edits or produce while connected with this profile.</source>
            <translation>Nur zum Ansehen, z. B. der Produktion: kein Wiedereinspielen, kein Zurücksetzen von Offsets, kein Verwerfen, keine Outbox-Wiederholung, keine Aufgabenänderung und kein Produzieren, solange mit diesem Profil verbunden.</translation>
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
        <message>
            <source>&lt; 1 s</source>
            <translation>&lt; 1 s</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
        <message>
            <source>%1 h</source>
            <translation>%1 h</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 d %2 h</translation>
        </message>
        <message>
            <source>%1 d</source>
            <translation>%1 d</translation>
        </message>
        <message>
            <source>Age of the group's oldest unconsumed record</source>
            <translation>Alter des ältesten noch nicht konsumierten Eintrags der Gruppe</translation>
        </message>
        <message>
            <source>Lag in time not read:
%1</source>
            <translation>Zeitlicher Rückstand nicht gelesen:
%1</translation>
        </message>
        <message>
            <source>?</source>
            <translation>?</translation>
        </message>
        <message>
            <source>Nothing to consume</source>
            <translation>Nichts zu konsumieren</translation>
        </message>
        <message>
            <source>Lag in time not read: %1</source>
            <translation>Zeitlicher Rückstand nicht gelesen: %1</translation>
        </message>
        <message>
            <source>Oldest unconsumed record: offset %1, written %2</source>
            <translation>Ältester nicht konsumierter Eintrag: Offset %1, geschrieben %2</translation>
        </message>
        <message>
            <source>Not read yet</source>
            <translation>Noch nicht gelesen</translation>
        </message>
        <message>
            <source>Lag (time)</source>
            <translation>Rückstand (Zeit)</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message>
            <source>Records consumed per second: the change of the committed offsets between the last two lag readings</source>
            <translation>Pro Sekunde verarbeitete Datensätze: die Änderung der bestätigten Offsets zwischen den letzten zwei Rückstandsmessungen</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>Rate</translation>
        </message>
        <message>
            <source>records %1 to %2 are gone from the broker; acknowledge the gap to go on from %3</source>
            <translation>Datensätze %1 bis %2 sind nicht mehr auf dem Broker; bestätigen Sie die Lücke, um ab %3 weiterzulesen</translation>
        </message>
        <message>
            <source>records from %1 on are gone from the broker; acknowledge the gap to go on from the log start</source>
            <translation>Datensätze ab %1 sind nicht mehr auf dem Broker; bestätigen Sie die Lücke, um ab dem Log-Anfang weiterzulesen</translation>
        </message>
        <message numerus="yes">
            <source>%n partition(s) stalled: records gone from the broker</source>
            <translation>
                <numerusform>%n Partition blockiert: Datensätze nicht mehr auf dem Broker</numerusform>
                <numerusform>%n Partitionen blockiert: Datensätze nicht mehr auf dem Broker</numerusform>
            </translation>
        </message>
        <message>
            <source>STALLED</source>
            <translation>BLOCKIERT</translation>
        </message>
        <message>
            <source>Stable</source>
            <translation>Stabil</translation>
        </message>
        <message>
            <source>Empty</source>
            <translation>Leer</translation>
        </message>
        <message>
            <source>Dead</source>
            <translation>Aufgelöst</translation>
        </message>
        <message>
            <source>Rebalancing</source>
            <translation>Neuverteilung</translation>
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
        <message>
            <source>Cannot write %1: %2. Choose another file.</source>
            <translation>%1 kann nicht geschrieben werden: %2. Wählen Sie eine andere Datei.</translation>
        </message>
        <message>
            <source>The export broke off (%1); the file was not written. Export again.</source>
            <translation>Der Export brach ab (%1); die Datei wurde nicht geschrieben. Exportieren Sie erneut.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::DemoLoadGenerator</name>
        <message>
            <source>The demo load generator's request failed: %1</source>
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
            <source>Reading %1… %Ln record(s) so far</source>
            <translation>
                <numerusform>Lese %1… bisher %Ln Eintrag</numerusform>
                <numerusform>Lese %1… bisher %Ln Einträge</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Saving %n record(s) to %1…</source>
            <translation>
                <numerusform>Speichere %n Eintrag nach %1…</numerusform>
                <numerusform>Speichere %n Einträge nach %1…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>The records of %1 could not all be read (%2); showing %n record(s) read so far. Read again with Ctrl+Shift+B.</source>
            <translation>
                <numerusform>Die Einträge von %1 konnten nicht alle gelesen werden (%2); angezeigt wird der bisher gelesene %n Eintrag. Mit Strg+Umschalt+B erneut lesen.</numerusform>
                <numerusform>Die Einträge von %1 konnten nicht alle gelesen werden (%2); angezeigt werden die bisher gelesenen %n Einträge. Mit Strg+Umschalt+B erneut lesen.</numerusform>
            </translation>
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
        <message>
            <source>&amp;Discard…</source>
            <translation>&amp;Verwerfen…</translation>
        </message>
        <message>
            <source>Mark the selected records handled without replaying them; they stay in Kafka (Ctrl+Shift+D or Delete)</source>
            <translation>Die gewählten Einträge als bearbeitet markieren, ohne sie wiedereinzuspielen; sie bleiben in Kafka (Strg+Umschalt+D oder Entf)</translation>
        </message>
        <message>
            <source>&amp;Undo discard</source>
            <translation>Verwerfen &amp;rückgängig machen</translation>
        </message>
        <message>
            <source>Make the selected discarded records open again (Ctrl+Shift+U)</source>
            <translation>Die gewählten verworfenen Einträge wieder öffnen (Strg+Umschalt+U)</translation>
        </message>
        <message>
            <source>Show &amp;handled</source>
            <translation>&amp;Bearbeitete anzeigen</translation>
        </message>
        <message>
            <source>Show the records already discarded or replayed too</source>
            <translation>Auch die bereits verworfenen oder wiedereingespielten Einträge anzeigen</translation>
        </message>
        <message>
            <source>Dead-letter records</source>
            <translation>Dead-Letter-Einträge</translation>
        </message>
        <message>
            <source>Failed outbox records</source>
            <translation>Fehlgeschlagene Outbox-Einträge</translation>
        </message>
        <message numerus="yes">
            <source>%1: %2 open of %n record(s)</source>
            <translation>
                <numerusform>%1: %2 offen von %n Eintrag</numerusform>
                <numerusform>%1: %2 offen von %n Einträgen</numerusform>
            </translation>
        </message>
        <message>
            <source>Replaying and discarding need a ledger of handled records, which could not be opened (%1). Check that the console's data folder is writable.</source>
            <translation>Wiedereinspielen und Verwerfen brauchen ein Verzeichnis der bearbeiteten Einträge, das nicht geöffnet werden konnte (%1). Prüfen Sie, ob der Datenordner der Konsole beschreibbar ist.</translation>
        </message>
        <message>
            <source>Which records were handled could not be read from the ledger (%1); every record shows as new.</source>
            <translation>Welche Einträge bearbeitet wurden, konnte nicht aus dem Verzeichnis gelesen werden (%1); alle Einträge erscheinen als neu.</translation>
        </message>
        <message>
            <source>Select the DLQ records to discard first.</source>
            <translation>Wählen Sie zuerst die DLQ-Einträge, die verworfen werden sollen.</translation>
        </message>
        <message>
            <source>Discard DLQ records</source>
            <translation>DLQ-Einträge verwerfen</translation>
        </message>
        <message numerus="yes">
            <source>Discard %n record(s)? Kafka keeps them; the console marks them handled and hides them, and refuses to replay them until the discard is undone.

Note (optional), e.g. why they need no replay:</source>
            <translation>
                <numerusform>%n Eintrag verwerfen? Kafka behält ihn; die Konsole markiert ihn als bearbeitet, blendet ihn aus und lehnt es ab, ihn wiedereinzuspielen, bis das Verwerfen rückgängig gemacht wird.

Notiz (optional), z. B. warum er nicht wiedereingespielt werden muss:</numerusform>
                <numerusform>%n Einträge verwerfen? Kafka behält sie; die Konsole markiert sie als bearbeitet, blendet sie aus und lehnt es ab, sie wiedereinzuspielen, bis das Verwerfen rückgängig gemacht wird.

Notiz (optional), z. B. warum sie nicht wiedereingespielt werden müssen:</numerusform>
            </translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Verwerfen</translation>
        </message>
        <message>
            <source>The records could not be marked discarded (%1). Nothing was changed.</source>
            <translation>Die Einträge konnten nicht als verworfen markiert werden (%1). Es wurde nichts geändert.</translation>
        </message>
        <message numerus="yes">
            <source>Discarded %n record(s). Show handled lists them; Undo discard brings them back.</source>
            <translation>
                <numerusform>%n Eintrag verworfen. „Bearbeitete anzeigen“ listet ihn auf; „Verwerfen rückgängig machen“ holt ihn zurück.</numerusform>
                <numerusform>%n Einträge verworfen. „Bearbeitete anzeigen“ listet sie auf; „Verwerfen rückgängig machen“ holt sie zurück.</numerusform>
            </translation>
        </message>
        <message>
            <source>Select discarded records first (Show handled lists them).</source>
            <translation>Wählen Sie zuerst verworfene Einträge („Bearbeitete anzeigen“ listet sie auf).</translation>
        </message>
        <message>
            <source>The discard could not be undone (%1).</source>
            <translation>Das Verwerfen konnte nicht rückgängig gemacht werden (%1).</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) are open again.</source>
            <translation>
                <numerusform>%n Eintrag ist wieder offen.</numerusform>
                <numerusform>%n Einträge sind wieder offen.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n refused (loop guard or discarded).</source>
            <translation>
                <numerusform>%n abgelehnt (Schleifenschutz oder verworfen).</numerusform>
                <numerusform>%n abgelehnt (Schleifenschutz oder verworfen).</numerusform>
            </translation>
        </message>
        <message>
            <source>◀ Previous page</source>
            <translation>◀ Vorige Seite</translation>
        </message>
        <message>
            <source>Next page ▶</source>
            <translation>Nächste Seite ▶</translation>
        </message>
        <message>
            <source>Discard marks are shared through the daemon at %1: everyone sees them.</source>
            <translation>Verwerfen-Markierungen werden über den Daemon unter %1 geteilt: Alle sehen sie.</translation>
        </message>
        <message>
            <source>No daemon connected: discard marks are kept on this machine only, and teammates do not see them. Set the daemon's API to share them.</source>
            <translation>Kein Daemon verbunden: Verwerfen-Markierungen bleiben nur auf diesem Rechner, das Team sieht sie nicht. Geben Sie die API des Daemons an, um sie zu teilen.</translation>
        </message>
        <message>
            <source>All error classes (%L1)</source>
            <translation>Alle Fehlerklassen (%L1)</translation>
        </message>
        <message>
            <source>%1 (%L2)</source>
            <translation>%1 (%L2)</translation>
        </message>
        <message>
            <source>No records shown.</source>
            <translation>Keine Datensätze angezeigt.</translation>
        </message>
        <message>
            <source>Records %L1–%L2 of %L3 shown, page %L4 of %L5</source>
            <translation>Datensätze %L1–%L2 von %L3 angezeigt, Seite %L4 von %L5</translation>
        </message>
        <message>
            <source>The daemon's shared discard marks could not be read (%1); this machine's marks are shown.</source>
            <translation>Die geteilten Verwerfen-Markierungen des Daemons konnten nicht gelesen werden (%1); die Markierungen dieses Rechners werden angezeigt.</translation>
        </message>
        <message numerus="yes">
            <source>Discarded %n record(s) for everyone (kept by the daemon). Show handled lists them; Undo discard brings them back.</source>
            <translation>
                <numerusform>%n Datensatz für alle verworfen (beim Daemon gespeichert). „Erledigte anzeigen“ listet ihn; „Verwerfen rückgängig“ holt ihn zurück.</numerusform>
                <numerusform>%n Datensätze für alle verworfen (beim Daemon gespeichert). „Erledigte anzeigen“ listet sie; „Verwerfen rückgängig“ holt sie zurück.</numerusform>
            </translation>
        </message>
        <message>
            <source>Edit and re&amp;send…</source>
            <translation>Bearbeiten und erneut &amp;senden…</translation>
        </message>
        <message>
            <source>Edit the selected record and send it to its original topic; the record stays in the DLQ</source>
            <translation>Den ausgewählten Datensatz bearbeiten und an sein ursprüngliches Topic senden; der Datensatz bleibt in der DLQ</translation>
        </message>
        <message>
            <source>The edited record was sent to %1, partition %2, offset %3; the dead letter stays in the DLQ.</source>
            <translation>Der bearbeitete Datensatz wurde an %1 gesendet, Partition %2, Offset %3; der Dead Letter bleibt in der DLQ.</translation>
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
        <message>
            <source>discarded</source>
            <translation>verworfen</translation>
        </message>
        <message>
            <source>replayed</source>
            <translation>wiedereingespielt</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>Discarded by %1 on %2.</source>
            <translation>Verworfen von %1 am %2.</translation>
        </message>
        <message>
            <source>Note: %1</source>
            <translation>Notiz: %1</translation>
        </message>
        <message numerus="yes">
            <source>Replayed %n time(s), last on %1.</source>
            <translation>
                <numerusform>%n-mal wiedereingespielt, zuletzt am %1.</numerusform>
                <numerusform>%n-mal wiedereingespielt, zuletzt am %1.</numerusform>
            </translation>
        </message>
        <message>
            <source>Neither replayed nor discarded yet.</source>
            <translation>Noch weder wiedereingespielt noch verworfen.</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message numerus="yes">
            <source>The value (%n byte(s)) does not decode; as text:</source>
            <translation>
                <numerusform>Der Wert (%n Byte) lässt sich nicht dekodieren; als Text:</numerusform>
                <numerusform>Der Wert (%n Bytes) lässt sich nicht dekodieren; als Text:</numerusform>
            </translation>
        </message>
        <message>
            <source>As hex:</source>
            <translation>Hexadezimal:</translation>
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
        <name>taskstream::console::EventForm</name>
        <message>
            <source>Unchecked: the field is null</source>
            <translation>Nicht angehakt: das Feld ist null</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Neu</translation>
        </message>
        <message>
            <source>Put a new random UUID in this field</source>
            <translation>Eine neue zufällige UUID in dieses Feld setzen</translation>
        </message>
        <message>
            <source>not a UUID: "%1"</source>
            <translation>keine UUID: „%1“</translation>
        </message>
        <message>
            <source>not a whole number: "%1"</source>
            <translation>keine ganze Zahl: „%1“</translation>
        </message>
        <message>
            <source>not a number: "%1"</source>
            <translation>keine Zahl: „%1“</translation>
        </message>
        <message>
            <source>comma-separated</source>
            <translation>durch Kommas getrennt</translation>
        </message>
        <message>
            <source>(%1: not editable here)</source>
            <translation>(%1: hier nicht bearbeitbar)</translation>
        </message>
        <message>
            <source>a field of type %1 cannot be composed in this form</source>
            <translation>ein Feld vom Typ %1 kann in diesem Formular nicht erfasst werden</translation>
        </message>
        <message>
            <source>no schema is known for event type %1</source>
            <translation>für den Ereignistyp %1 ist kein Schema bekannt</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::FailedOutboxModel</name>
        <message>
            <source>The daemon keeps no failure time for this record.</source>
            <translation>Der Daemon speichert für diesen Eintrag keinen Fehlerzeitpunkt.</translation>
        </message>
        <message numerus="yes">
            <source>%1, event %2, %n byte(s), created %3</source>
            <translation>
                <numerusform>%1, Ereignis %2, %n Byte, erstellt %3</numerusform>
                <numerusform>%1, Ereignis %2, %n Byte, erstellt %3</numerusform>
            </translation>
        </message>
        <message>
            <source>Seq</source>
            <translation>Nr.</translation>
        </message>
        <message>
            <source>Topic</source>
            <translation>Topic</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Schlüssel</translation>
        </message>
        <message>
            <source>Event type</source>
            <translation>Ereignistyp</translation>
        </message>
        <message>
            <source>Failed at</source>
            <translation>Fehlgeschlagen am</translation>
        </message>
        <message>
            <source>Attempts</source>
            <translation>Versuche</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Grund</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::FailedOutboxPanel</name>
        <message>
            <source>Re&amp;load</source>
            <translation>Neu &amp;laden</translation>
        </message>
        <message>
            <source>Read the failed outbox records from the daemon again</source>
            <translation>Die fehlgeschlagenen Outbox-Einträge erneut vom Daemon lesen</translation>
        </message>
        <message>
            <source>Re&amp;try selected</source>
            <translation>Auswahl erneut &amp;versuchen</translation>
        </message>
        <message>
            <source>Put the selected records back in the outbox's line; the relay sends them again</source>
            <translation>Die gewählten Einträge wieder in die Warteschlange der Outbox stellen; das Relay sendet sie erneut</translation>
        </message>
        <message>
            <source>No daemon API is set. Enter the daemon's URL and an admin token (taskstreamd token --role admin) in the Tasks tab, or start the embedded sandbox, then reload.</source>
            <translation>Keine Daemon-API eingestellt. Geben Sie im Reiter Aufgaben die URL des Daemons und ein Admin-Token (taskstreamd token --role admin) ein oder starten Sie die eingebettete Sandbox, und laden Sie dann neu.</translation>
        </message>
        <message>
            <source>Reading the failed outbox records…</source>
            <translation>Lese die fehlgeschlagenen Outbox-Einträge…</translation>
        </message>
        <message>
            <source>No failed outbox records: the relay delivered everything it was given.</source>
            <translation>Keine fehlgeschlagenen Outbox-Einträge: das Relay hat alles zugestellt, was es bekommen hat.</translation>
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) could not be delivered. Fix the cause (the reason says what), then retry them.</source>
            <translation>
                <numerusform>%n Outbox-Eintrag konnte nicht zugestellt werden. Beheben Sie die Ursache (der Grund nennt sie) und versuchen Sie ihn dann erneut.</numerusform>
                <numerusform>%n Outbox-Einträge konnten nicht zugestellt werden. Beheben Sie die Ursache (der Grund nennt sie) und versuchen Sie sie dann erneut.</numerusform>
            </translation>
        </message>
        <message>
            <source>The failed outbox records could not be read.</source>
            <translation>Die fehlgeschlagenen Outbox-Einträge konnten nicht gelesen werden.</translation>
        </message>
        <message>
            <source>Select the outbox records to retry first.</source>
            <translation>Wählen Sie zuerst die Outbox-Einträge, die erneut versucht werden sollen.</translation>
        </message>
        <message>
            <source>record %1: %2</source>
            <translation>Eintrag %1: %2</translation>
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) could not be put back in line: %1</source>
            <translation>
                <numerusform>%n Outbox-Eintrag konnte nicht wieder in die Warteschlange gestellt werden: %1</numerusform>
                <numerusform>%n Outbox-Einträge konnten nicht wieder in die Warteschlange gestellt werden: %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) are back in line; the relay sends them again.</source>
            <translation>
                <numerusform>%n Outbox-Eintrag ist wieder in der Warteschlange; das Relay sendet ihn erneut.</numerusform>
                <numerusform>%n Outbox-Einträge sind wieder in der Warteschlange; das Relay sendet sie erneut.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::GroupMonitor</name>
        <message>
            <source>Consumer groups could not be listed (%1); showing the catalog's groups. They are listed again on the next refresh.</source>
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
        <name>taskstream::console::GroupsPanel</name>
        <message>
            <source>Reset &amp;offsets…</source>
            <translation>Offsets &amp;zurücksetzen…</translation>
        </message>
        <message>
            <source>Move the committed offsets of the selected group, once its consumers are stopped (Ctrl+Shift+O)</source>
            <translation>Die committeten Offsets der gewählten Gruppe verschieben, sobald ihre Consumer angehalten sind (Strg+Umschalt+O)</translation>
        </message>
        <message>
            <source>Select a consumer group to reset its offsets.</source>
            <translation>Wählen Sie eine Consumer-Gruppe, um ihre Offsets zurückzusetzen.</translation>
        </message>
        <message>
            <source>Connect to a cluster to reset the offsets of %1.</source>
            <translation>Verbinden Sie sich mit einem Cluster, um die Offsets von %1 zurückzusetzen.</translation>
        </message>
        <message numerus="yes">
            <source>The offsets of %1 cannot be reset while it has active members (state %2, %n member(s)); Kafka refuses it too. Stop its consumers, then reset.</source>
            <translation>
                <numerusform>Die Offsets von %1 können nicht zurückgesetzt werden, solange die Gruppe aktive Mitglieder hat (Zustand %2, %n Mitglied); auch Kafka lehnt das ab. Halten Sie ihre Consumer an und setzen Sie dann zurück.</numerusform>
                <numerusform>Die Offsets von %1 können nicht zurückgesetzt werden, solange die Gruppe aktive Mitglieder hat (Zustand %2, %n Mitglieder); auch Kafka lehnt das ab. Halten Sie ihre Consumer an und setzen Sie dann zurück.</numerusform>
            </translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>The lag of %1 has not been read yet; reset its offsets after the next refresh.</source>
            <translation>Der Rückstand von %1 wurde noch nicht gelesen; setzen Sie die Offsets nach der nächsten Aktualisierung zurück.</translation>
        </message>
        <message>
            <source>Kafka refused to reset the offsets of %1: it has active members. Stop its consumers, then reset.</source>
            <translation>Kafka hat das Zurücksetzen der Offsets von %1 abgelehnt: die Gruppe hat aktive Mitglieder. Halten Sie ihre Consumer an und setzen Sie dann zurück.</translation>
        </message>
        <message>
            <source>The offsets of %1 could not be reset (%2).</source>
            <translation>Die Offsets von %1 konnten nicht zurückgesetzt werden (%2).</translation>
        </message>
        <message numerus="yes">
            <source>Reset the offsets of %1 on %n partition(s).</source>
            <translation>
                <numerusform>Offsets von %1 auf %n Partition zurückgesetzt.</numerusform>
                <numerusform>Offsets von %1 auf %n Partitionen zurückgesetzt.</numerusform>
            </translation>
        </message>
        <message>
            <source>Acknowledge &amp;gap…</source>
            <translation>&amp;Lücke bestätigen…</translation>
        </message>
        <message>
            <source>The selected partition is stalled: its next records are gone from the broker. Skip them and go on from the oldest record still there (admin)</source>
            <translation>Die gewählte Partition ist blockiert: ihre nächsten Datensätze sind nicht mehr auf dem Broker. Sie überspringen und beim ältesten noch vorhandenen Datensatz weiterlesen (Admin)</translation>
        </message>
        <message>
            <source>Select a stalled partition to acknowledge its gap.</source>
            <translation>Wählen Sie eine blockierte Partition, um ihre Lücke zu bestätigen.</translation>
        </message>
        <message>
            <source>offsets %1 to %2</source>
            <translation>Offsets %1 bis %2</translation>
        </message>
        <message>
            <source>the records from offset %1 on</source>
            <translation>die Datensätze ab Offset %1</translation>
        </message>
        <message>
            <source>Acknowledge gap</source>
            <translation>Lücke bestätigen</translation>
        </message>
        <message>
            <source>%1 of %2 [%3] are gone from the broker. Group %4 skips them for good and goes on from the oldest record still there. The acknowledgement is written to the audit log.

Acknowledge the gap?</source>
            <translation>%1 von %2 [%3] sind nicht mehr auf dem Broker. Gruppe %4 überspringt sie endgültig und liest beim ältesten noch vorhandenen Datensatz weiter. Die Bestätigung wird im Audit-Log festgehalten.

Lücke bestätigen?</translation>
        </message>
        <message>
            <source>The gap of %1 [%2] in %3 was not acknowledged: %4</source>
            <translation>Die Lücke von %1 [%2] in %3 wurde nicht bestätigt: %4</translation>
        </message>
        <message>
            <source>%1 [%2] in %3 goes on from offset %4; offsets %5 to %6 were skipped.</source>
            <translation>%1 [%2] in %3 liest ab Offset %4 weiter; Offsets %5 bis %6 wurden übersprungen.</translation>
        </message>
        <message>
            <source>The console is read-only: offsets cannot be reset.</source>
            <translation>Die Konsole ist schreibgeschützt: Offsets können nicht zurückgesetzt werden.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::HealthEvaluator</name>
        <message>
            <source>Groups: unknown</source>
            <translation>Gruppen: unbekannt</translation>
        </message>
        <message>
            <source>No consumer group has been judged yet</source>
            <translation>Noch keine Consumer-Gruppe bewertet</translation>
        </message>
        <message>
            <source>%1: %2 — %3</source>
            <translation>%1: %2 — %3</translation>
        </message>
        <message>
            <source>Groups: OK</source>
            <translation>Gruppen: OK</translation>
        </message>
        <message numerus="yes">
            <source>All %n consumer group(s) keep up</source>
            <translation>
                <numerusform>Die %n Consumer-Gruppe kommt mit</numerusform>
                <numerusform>Alle %n Consumer-Gruppen kommen mit</numerusform>
            </translation>
        </message>
        <message>
            <source>Groups: %1</source>
            <translation>Gruppen: %1</translation>
        </message>
        <message>
            <source>%1: %2 record(s)</source>
            <translation>%1: %2 Datensätze</translation>
        </message>
        <message>
            <source>DLQ: unknown</source>
            <translation>DLQ: unbekannt</translation>
        </message>
        <message>
            <source>The dead-letter queues have not been read yet</source>
            <translation>Die Dead-Letter-Queues wurden noch nicht gelesen</translation>
        </message>
        <message>
            <source>DLQ: empty</source>
            <translation>DLQ: leer</translation>
        </message>
        <message numerus="yes">
            <source>No record in any of the %n dead-letter queue(s)</source>
            <translation>
                <numerusform>Kein Datensatz in der %n Dead-Letter-Queue</numerusform>
                <numerusform>Kein Datensatz in den %n Dead-Letter-Queues</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>DLQ: %1 records in %n queue(s)</source>
            <translation>
                <numerusform>DLQ: %1 Datensätze in %n Queue</numerusform>
                <numerusform>DLQ: %1 Datensätze in %n Queues</numerusform>
            </translation>
        </message>
        <message>
            <source>Outbox: unknown (no daemon API set)</source>
            <translation>Outbox: unbekannt (keine Daemon-API eingestellt)</translation>
        </message>
        <message>
            <source>Set the daemon's URL and token in the connection profile to see its outbox</source>
            <translation>URL und Token des Daemons im Verbindungsprofil eintragen, um seine Outbox zu sehen</translation>
        </message>
        <message>
            <source>Outbox: unknown</source>
            <translation>Outbox: unbekannt</translation>
        </message>
        <message>
            <source>Asking the daemon…</source>
            <translation>Frage den Daemon…</translation>
        </message>
        <message>
            <source>The daemon did not answer: %1</source>
            <translation>Der Daemon hat nicht geantwortet: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) could never be delivered (see Dead-letter queues › Failed outbox records)</source>
            <translation>
                <numerusform>%n Datensatz konnte nie zugestellt werden (siehe Dead-Letter-Queues › Fehlgeschlagene Outbox-Datensätze)</numerusform>
                <numerusform>%n Datensätze konnten nie zugestellt werden (siehe Dead-Letter-Queues › Fehlgeschlagene Outbox-Datensätze)</numerusform>
            </translation>
        </message>
        <message>
            <source>Outbox: stuck</source>
            <translation>Outbox: hängt</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) pending, the oldest for %1: the relay does not publish</source>
            <translation>
                <numerusform>%n Datensatz wartet seit %1: das Relay veröffentlicht nicht</numerusform>
                <numerusform>%n Datensätze warten, der älteste seit %1: das Relay veröffentlicht nicht</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Outbox: %n pending, oldest %1</source>
            <translation>
                <numerusform>Outbox: %n wartend, ältester %1</numerusform>
                <numerusform>Outbox: %n wartend, ältester %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Records committed and not yet acknowledged by Kafka</source>
            <translation>Festgeschriebene, von Kafka noch nicht bestätigte Datensätze</translation>
        </message>
        <message>
            <source>Outbox: OK</source>
            <translation>Outbox: OK</translation>
        </message>
        <message>
            <source>Nothing waits to be published</source>
            <translation>Nichts wartet auf Veröffentlichung</translation>
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
        <message>
            <source>Created</source>
            <translation>Angelegt</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Geändert</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>Erledigt</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>Gelöscht</translation>
        </message>
        <message>
            <source>late</source>
            <translation>verspätet</translation>
        </message>
        <message>
            <source>on time</source>
            <translation>pünktlich</translation>
        </message>
        <message>
            <source>(reminder; the task's title was not seen in this view)</source>
            <translation>(Erinnerung; der Titel der Aufgabe kam in dieser Ansicht noch nicht vor)</translation>
        </message>
        <message>
            <source>(reminder due %1; the task's title was not seen in this view)</source>
            <translation>(Erinnerung fällig um %1; der Titel der Aufgabe kam in dieser Ansicht noch nicht vor)</translation>
        </message>
        <message>
            <source>reminder</source>
            <translation>Erinnerung</translation>
        </message>
        <message>
            <source>changed by someone else</source>
            <translation>von jemand anderem geändert</translation>
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
        <message>
            <source>Kafka topics (every user)</source>
            <translation>Kafka-Topics (alle Benutzer)</translation>
        </message>
        <message>
            <source>Daemon feed (one user)</source>
            <translation>Daemon-Feed (ein Benutzer)</translation>
        </message>
        <message>
            <source>Read the broadcast topics directly, or the daemon's WebSocket feed as the user in the filter sees it (needs the daemon's URL and token, or the sandbox)</source>
            <translation>Die Broadcast-Topics direkt lesen, oder den WebSocket-Feed des Daemons so, wie ihn der Benutzer im Filter sieht (braucht URL und Token des Daemons, oder die Sandbox)</translation>
        </message>
        <message>
            <source>The daemon's feed needs its URL and a token: enter them in the Tasks tab, or start the embedded sandbox.</source>
            <translation>Der Feed des Daemons braucht dessen URL und ein Token: geben Sie sie im Reiter Aufgaben ein oder starten Sie die eingebettete Sandbox.</translation>
        </message>
        <message>
            <source>Enter the user whose feed to show in the user filter (a demo user's name or a user id).</source>
            <translation>Geben Sie im Benutzerfilter den Benutzer ein, dessen Feed gezeigt werden soll (den Namen eines Demo-Benutzers oder eine Benutzer-ID).</translation>
        </message>
        <message>
            <source>The daemon's feed failed (%1). Check the daemon's URL and token, then choose the feed again.</source>
            <translation>Der Feed des Daemons ist fehlgeschlagen (%1). Prüfen Sie URL und Token des Daemons und wählen Sie den Feed erneut.</translation>
        </message>
        <message>
            <source>Part of what the feed missed while paused is no longer available (%1).</source>
            <translation>Ein Teil dessen, was der Feed während der Pause verpasst hat, ist nicht mehr verfügbar (%1).</translation>
        </message>
        <message>
            <source>Not connected to the daemon's feed.</source>
            <translation>Nicht mit dem Feed des Daemons verbunden.</translation>
        </message>
        <message numerus="yes">
            <source>%n event(s) shown.</source>
            <translation>
                <numerusform>%n Ereignis angezeigt.</numerusform>
                <numerusform>%n Ereignisse angezeigt.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %n event(s) shown (filtered).</source>
            <translation>
                <numerusform>%1 von %n Ereignis angezeigt (gefiltert).</numerusform>
                <numerusform>%1 von %n Ereignissen angezeigt (gefiltert).</numerusform>
            </translation>
        </message>
        <message>
            <source>Paused.</source>
            <translation>Angehalten.</translation>
        </message>
        <message>
            <source>Reading the daemon's feed.</source>
            <translation>Liest den Feed des Daemons.</translation>
        </message>
        <message>
            <source>Reading %1 and %2.</source>
            <translation>Liest %1 und %2.</translation>
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
        <message numerus="yes">
            <source>Reading the daemon's feed. %n event(s) shown.</source>
            <translation>
                <numerusform>Lese den Feed des Daemons. %n Ereignis angezeigt.</numerusform>
                <numerusform>Lese den Feed des Daemons. %n Ereignisse angezeigt.</numerusform>
            </translation>
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
            <source>Start an in-memory Kafka cluster with the catalog's topics and connect to it</source>
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
            <source>Hide topics whose names start with "__", such as __consumer_offsets</source>
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
            <source>Kafka brokers to ask for the cluster's metadata, for example localhost:9092 or kafka-0:9092,kafka-1:9092 (Ctrl+L)</source>
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
            <source>Create, update and complete demo tasks through the sandbox's API</source>
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
        <message>
            <source>Co&amp;nnections…</source>
            <translation>Verbi&amp;ndungen…</translation>
        </message>
        <message>
            <source>Saved connection profiles: security settings, test, connect (Ctrl+Shift+L)</source>
            <translation>Gespeicherte Verbindungsprofile: Sicherheitseinstellungen, Test, Verbinden (Strg+Umschalt+L)</translation>
        </message>
        <message>
            <source>A&amp;udit</source>
            <translation>Audit-&amp;Log</translation>
        </message>
        <message>
            <source>&amp;Groups</source>
            <translation>&amp;Gruppen</translation>
        </message>
        <message>
            <source>Audit</source>
            <translation>Audit-Log</translation>
        </message>
        <message>
            <source>There is no connection profile "%1". Open Cluster &gt; Connections… (Ctrl+Shift+L) to create it.</source>
            <translation>Es gibt kein Verbindungsprofil „%1“. Öffnen Sie Cluster &gt; Verbindungen… (Strg+Umschalt+L), um es anzulegen.</translation>
        </message>
        <message>
            <source>The connection profile "%1" cannot be used: %2 Fix it in Cluster &gt; Connections….</source>
            <translation>Das Verbindungsprofil „%1“ kann nicht verwendet werden: %2 Korrigieren Sie es unter Cluster &gt; Verbindungen….</translation>
        </message>
        <message>
            <source>Password for %1</source>
            <translation>Passwort für %1</translation>
        </message>
        <message>
            <source>Password of %1 (%2) on %3:</source>
            <translation>Passwort von %1 (%2) auf %3:</translation>
        </message>
        <message>
            <source>%1 (%2) – Taskstream Console</source>
            <translation>%1 (%2) – Taskstream-Konsole</translation>
        </message>
        <message>
            <source>%1 [read-only]</source>
            <translation>%1 [schreibgeschützt]</translation>
        </message>
        <message>
            <source>Read-only (--read-only)</source>
            <translation>Schreibgeschützt (--read-only)</translation>
        </message>
        <message>
            <source>Read-only (profile %1)</source>
            <translation>Schreibgeschützt (Profil %1)</translation>
        </message>
        <message>
            <source>&amp;Produce…</source>
            <translation>&amp;Produzieren…</translation>
        </message>
        <message>
            <source>Compose a record (an event in a form, or text) and send it (Ctrl+Shift+K)</source>
            <translation>Einen Datensatz verfassen (ein Ereignis im Formular oder Text) und senden (Strg+Umschalt+K)</translation>
        </message>
        <message>
            <source>&amp;Reminders</source>
            <translation>E&amp;rinnerungen</translation>
        </message>
        <message>
            <source>Reminders</source>
            <translation>Erinnerungen</translation>
        </message>
        <message>
            <source>A record was sent to %1, partition %2, offset %3.</source>
            <translation>Ein Datensatz wurde an %1 gesendet, Partition %2, Offset %3.</translation>
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation>&amp;Benachrichtigungen</translation>
        </message>
        <message>
            <source>Notifications</source>
            <translation>Benachrichtigungen</translation>
        </message>
        <message>
            <source>Delivery</source>
            <translation>Zustellung</translation>
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
        <name>taskstream::console::MessageSearchBar</name>
        <message>
            <source>From</source>
            <translation>Von</translation>
        </message>
        <message>
            <source>to</source>
            <translation>bis</translation>
        </message>
        <message>
            <source>Search topic</source>
            <translation>Topic durchsuchen</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
        <message>
            <source>Export JSON lines…</source>
            <translation>Als JSON-Zeilen exportieren…</translation>
        </message>
        <message>
            <source>Only records written at or after this time</source>
            <translation>Nur Datensätze, die zu oder nach dieser Zeit geschrieben wurden</translation>
        </message>
        <message>
            <source>Only records written at or before this time</source>
            <translation>Nur Datensätze, die zu oder vor dieser Zeit geschrieben wurden</translation>
        </message>
        <message>
            <source>Key contains</source>
            <translation>Schlüssel enthält</translation>
        </message>
        <message>
            <source>Value contains</source>
            <translation>Wert enthält</translation>
        </message>
        <message>
            <source>Header (name or name=words)</source>
            <translation>Header (Name oder Name=Wörter)</translation>
        </message>
        <message>
            <source>Save the matches as JSON lines, one record a line</source>
            <translation>Die Treffer als JSON-Zeilen speichern, ein Datensatz pro Zeile</translation>
        </message>
        <message numerus="yes">
            <source>%1 of about %2 records read, %n match(es)</source>
            <translation>
                <numerusform>%1 von etwa %2 Datensätzen gelesen, %n Treffer</numerusform>
                <numerusform>%1 von etwa %2 Datensätzen gelesen, %n Treffer</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n match(es)</source>
            <translation>
                <numerusform>%n Treffer</numerusform>
                <numerusform>%n Treffer</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> in %n record(s) read</source>
            <translation>
                <numerusform> in %n gelesenen Datensatz</numerusform>
                <numerusform> in %n gelesenen Datensätzen</numerusform>
            </translation>
        </message>
        <message>
            <source>; cancelled</source>
            <translation>; abgebrochen</translation>
        </message>
        <message numerus="yes">
            <source>%n match(es) written to %1</source>
            <translation>
                <numerusform>%n Treffer nach %1 geschrieben</numerusform>
                <numerusform>%n Treffer nach %1 geschrieben</numerusform>
            </translation>
        </message>
        <message>
            <source>The matches could not be written to %1: %2</source>
            <translation>Die Treffer konnten nicht nach %1 geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Connect to a cluster and choose a topic first.</source>
            <translation>Verbinden Sie sich zuerst mit einem Cluster und wählen Sie ein Topic.</translation>
        </message>
        <message>
            <source>The search's time range ends before it starts.</source>
            <translation>Der Zeitraum der Suche endet, bevor er beginnt.</translation>
        </message>
        <message>
            <source>Searching %1…</source>
            <translation>Durchsuche %1…</translation>
        </message>
        <message>
            <source>Export matches</source>
            <translation>Treffer exportieren</translation>
        </message>
        <message>
            <source>JSON lines (*.jsonl *.ndjson);;All files (*)</source>
            <translation>JSON-Zeilen (*.jsonl *.ndjson);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Read the whole topic (or the chosen partition) in the background and keep the records that match</source>
            <translation>Das ganze Topic (oder die gewählte Partition) im Hintergrund lesen und die passenden Datensätze behalten</translation>
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
            <source>Read the topic's records from the chosen position (Ctrl+Shift+M)</source>
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
        <message numerus="yes">
            <source>The value (%n byte(s)) as hex and text:</source>
            <translation>
                <numerusform>Der Wert (%n Byte) hexadezimal und als Text:</numerusform>
                <numerusform>Der Wert (%n Bytes) hexadezimal und als Text:</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::NotificationsModel</name>
        <message>
            <source>Reminder</source>
            <translation>Erinnerung</translation>
        </message>
        <message>
            <source>Changed by someone else</source>
            <translation>Von jemand anderem geändert</translation>
        </message>
        <message>
            <source>due %1; fired late</source>
            <translation>fällig %1; verspätet ausgelöst</translation>
        </message>
        <message>
            <source>due %1</source>
            <translation>fällig %1</translation>
        </message>
        <message>
            <source>created by %1</source>
            <translation>angelegt von %1</translation>
        </message>
        <message>
            <source>completed by %1</source>
            <translation>erledigt von %1</translation>
        </message>
        <message>
            <source>deleted by %1</source>
            <translation>gelöscht von %1</translation>
        </message>
        <message>
            <source>changed by %1</source>
            <translation>geändert von %1</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>read %1</source>
            <translation>gelesen %1</translation>
        </message>
        <message>
            <source>read</source>
            <translation>gelesen</translation>
        </message>
        <message>
            <source>unread</source>
            <translation>ungelesen</translation>
        </message>
        <message>
            <source>Task %1</source>
            <translation>Aufgabe %1</translation>
        </message>
        <message>
            <source>Made</source>
            <translation>Erstellt</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Art</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titel</translation>
        </message>
        <message>
            <source>Read</source>
            <translation>Gelesen</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Details</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::NotificationsPanel</name>
        <message>
            <source>a user's id</source>
            <translation>die ID eines Benutzers</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Whose notifications to show: a demo user, or any user's id</source>
            <translation>Wessen Benachrichtigungen angezeigt werden: ein Demo-Benutzer oder die ID eines beliebigen Benutzers</translation>
        </message>
        <message>
            <source>Unread only</source>
            <translation>Nur ungelesene</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Erneut lesen</translation>
        </message>
        <message>
            <source>Read this user's notifications from the daemon again</source>
            <translation>Die Benachrichtigungen dieses Benutzers erneut vom Daemon lesen</translation>
        </message>
        <message>
            <source>User:</source>
            <translation>Benutzer:</translation>
        </message>
        <message>
            <source>Notifications are read through the daemon's API with an admin token.</source>
            <translation>Benachrichtigungen werden über die API des Daemons mit einem Admin-Token gelesen.</translation>
        </message>
        <message>
            <source>'%1' is not a user's id (a UUID such as 0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a).</source>
            <translation>„%1“ ist keine Benutzer-ID (eine UUID wie 0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a).</translation>
        </message>
        <message>
            <source>Reading a user's notifications needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation>Die Benachrichtigungen eines Benutzers zu lesen braucht die API des Daemons mit einem Admin-Token: Legen Sie Daemon-URL und Token im Verbindungsprofil fest oder starten Sie die Sandbox.</translation>
        </message>
        <message>
            <source>Reading notifications…</source>
            <translation>Benachrichtigungen werden gelesen…</translation>
        </message>
        <message>
            <source>The notifications could not be read: %1</source>
            <translation>Die Benachrichtigungen konnten nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>Reading the notifications failed (%1). Check the daemon URL and that the token is an admin token.</source>
            <translation>Das Lesen der Benachrichtigungen ist fehlgeschlagen (%1). Prüfen Sie die Daemon-URL und ob das Token ein Admin-Token ist.</translation>
        </message>
        <message>
            <source> (the newest %1 only)</source>
            <translation> (nur die neuesten %1)</translation>
        </message>
        <message numerus="yes">
            <source>%n notification(s)</source>
            <translation>
                <numerusform>%n Benachrichtigung</numerusform>
                <numerusform>%n Benachrichtigungen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>; %n unread in all</source>
            <translation>
                <numerusform>; %n ungelesen insgesamt</numerusform>
                <numerusform>; %n ungelesen insgesamt</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::OffsetResetPlanModel</name>
        <message>
            <source>offsets unknown (%1)</source>
            <translation>Offsets unbekannt (%1)</translation>
        </message>
        <message>
            <source>no watermarks</source>
            <translation>keine Watermarks</translation>
        </message>
        <message>
            <source>%1 is outside what the partition keeps (%2 to %3)</source>
            <translation>%1 liegt außerhalb dessen, was die Partition speichert (%2 bis %3)</translation>
        </message>
        <message>
            <source>looking up the offset for that time…</source>
            <translation>suche den Offset zu diesem Zeitpunkt…</translation>
        </message>
        <message>
            <source>no offset for that time: %1</source>
            <translation>kein Offset zu diesem Zeitpunkt: %1</translation>
        </message>
        <message>
            <source>the broker gave no offset for that time</source>
            <translation>der Broker nannte keinen Offset zu diesem Zeitpunkt</translation>
        </message>
        <message>
            <source>no record at or after that time: the end</source>
            <translation>kein Eintrag zu oder nach diesem Zeitpunkt: das Ende</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keiner</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>Partition</source>
            <translation>Partition</translation>
        </message>
        <message>
            <source>Committed</source>
            <translation>Committet</translation>
        </message>
        <message>
            <source>New offset</source>
            <translation>Neuer Offset</translation>
        </message>
        <message>
            <source>Lag change</source>
            <translation>Änderung des Rückstands</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Hinweis</translation>
        </message>
        <message numerus="yes">
            <source>%n unread record(s) skipped: the group never processes them</source>
            <translation>
                <numerusform>%n ungelesener Datensatz übersprungen: Die Gruppe verarbeitet ihn nie</numerusform>
                <numerusform>%n ungelesene Datensätze übersprungen: Die Gruppe verarbeitet sie nie</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ProduceDialog</name>
        <message>
            <source>Key from the event</source>
            <translation>Schlüssel aus dem Ereignis</translation>
        </message>
        <message>
            <source>Must decode as a Taskstream event</source>
            <translation>Muss als Taskstream-Ereignis dekodierbar sein</translation>
        </message>
        <message>
            <source>&amp;Send</source>
            <translation>&amp;Senden</translation>
        </message>
        <message>
            <source>Produce a record</source>
            <translation>Einen Datensatz produzieren</translation>
        </message>
        <message>
            <source>by key</source>
            <translation>nach Schlüssel</translation>
        </message>
        <message>
            <source>The partition to write to; "by key" lets the partitioner choose from the key</source>
            <translation>Die Partition, in die geschrieben wird; „nach Schlüssel“ lässt den Partitionierer anhand des Schlüssels wählen</translation>
        </message>
        <message>
            <source>no key</source>
            <translation>kein Schlüssel</translation>
        </message>
        <message>
            <source>Use the event's key field (as Taskstream publishes it) as the record key</source>
            <translation>Das Schlüsselfeld des Ereignisses (wie Taskstream es veröffentlicht) als Schlüssel des Datensatzes verwenden</translation>
        </message>
        <message>
            <source>Header</source>
            <translation>Header</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Wert</translation>
        </message>
        <message>
            <source>Add header</source>
            <translation>Header hinzufügen</translation>
        </message>
        <message>
            <source>Remove header</source>
            <translation>Header entfernen</translation>
        </message>
        <message>
            <source>Taskstream event</source>
            <translation>Taskstream-Ereignis</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>Avro, single-object</source>
            <translation>Avro, Single-Object</translation>
        </message>
        <message>
            <source>Avro, Confluent (Schema Registry)</source>
            <translation>Avro, Confluent (Schema Registry)</translation>
        </message>
        <message>
            <source>CloudEvents JSON</source>
            <translation>CloudEvents-JSON</translation>
        </message>
        <message>
            <source>Type:</source>
            <translation>Typ:</translation>
        </message>
        <message>
            <source>Format:</source>
            <translation>Format:</translation>
        </message>
        <message>
            <source>The record's value as UTF-8 text (empty: no value)</source>
            <translation>Der Wert des Datensatzes als UTF-8-Text (leer: kein Wert)</translation>
        </message>
        <message>
            <source>Decode the value with Taskstream's codecs before sending and refuse it when that fails</source>
            <translation>Den Wert vor dem Senden mit den Codecs von Taskstream dekodieren und ihn ablehnen, wenn das misslingt</translation>
        </message>
        <message>
            <source>Validate the record, then send it</source>
            <translation>Den Datensatz prüfen, dann senden</translation>
        </message>
        <message>
            <source>Partition:</source>
            <translation>Partition:</translation>
        </message>
        <message>
            <source>&amp;Topic:</source>
            <translation>&amp;Topic:</translation>
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation>&amp;Schlüssel:</translation>
        </message>
        <message>
            <source>Headers:</source>
            <translation>Header:</translation>
        </message>
        <message>
            <source>&amp;Value:</source>
            <translation>&amp;Wert:</translation>
        </message>
        <message>
            <source>Edit and resend %1</source>
            <translation>%1 bearbeiten und erneut senden</translation>
        </message>
        <message>
            <source>Edit dead letter %1 and send the result to its original topic %2. The dead letter stays in the DLQ; the new record carries replay headers that say where it came from.</source>
            <translation>Dead Letter %1 bearbeiten und das Ergebnis an sein ursprüngliches Topic %2 senden. Der Dead Letter bleibt in der DLQ; der neue Datensatz trägt Replay-Header, die sagen, woher er kommt.</translation>
        </message>
        <message>
            <source>(unknown: choose one)</source>
            <translation>(unbekannt: bitte wählen)</translation>
        </message>
        <message>
            <source>The dead letter's value is not UTF-8 text; invalid bytes show as replacement characters. It does not decode: %1</source>
            <translation>Der Wert des Dead Letters ist kein UTF-8-Text; ungültige Bytes erscheinen als Ersatzzeichen. Er lässt sich nicht dekodieren: %1</translation>
        </message>
        <message>
            <source>The dead letter's value does not decode: %1</source>
            <translation>Der Wert des Dead Letters lässt sich nicht dekodieren: %1</translation>
        </message>
        <message>
            <source>Connect to a cluster first.</source>
            <translation>Verbinden Sie sich zuerst mit einem Cluster.</translation>
        </message>
        <message>
            <source>Choose the topic to write to.</source>
            <translation>Wählen Sie das Topic, in das geschrieben wird.</translation>
        </message>
        <message>
            <source>Confluent framing needs a Schema Registry: set one in the connection profile, or choose another format.</source>
            <translation>Confluent-Framing braucht eine Schema Registry: tragen Sie eine im Verbindungsprofil ein oder wählen Sie ein anderes Format.</translation>
        </message>
        <message>
            <source>The event is not complete: %1</source>
            <translation>Das Ereignis ist nicht vollständig: %1</translation>
        </message>
        <message>
            <source>Encoding…</source>
            <translation>Kodiere…</translation>
        </message>
        <message>
            <source>Decoding the value to check it…</source>
            <translation>Dekodiere den Wert zur Prüfung…</translation>
        </message>
        <message>
            <source>The event could not be encoded (%1): %2</source>
            <translation>Das Ereignis konnte nicht kodiert werden (%1): %2</translation>
        </message>
        <message>
            <source>Decoding the encoded value to check it…</source>
            <translation>Dekodiere den kodierten Wert zur Prüfung…</translation>
        </message>
        <message>
            <source>Not sent: the value does not decode (%1): %2</source>
            <translation>Nicht gesendet: der Wert lässt sich nicht dekodieren (%1): %2</translation>
        </message>
        <message>
            <source>Not sent: the encoded value decodes to a different event than the form describes.</source>
            <translation>Nicht gesendet: der kodierte Wert ergibt beim Dekodieren ein anderes Ereignis als das Formular.</translation>
        </message>
        <message>
            <source>The producer could not be opened: %1</source>
            <translation>Der Producer konnte nicht geöffnet werden: %1</translation>
        </message>
        <message>
            <source>Sending to %1…</source>
            <translation>Sende an %1…</translation>
        </message>
        <message>
            <source>The record was refused: %1</source>
            <translation>Der Datensatz wurde abgelehnt: %1</translation>
        </message>
        <message>
            <source>Not delivered to %1: %2</source>
            <translation>Nicht an %1 zugestellt: %2</translation>
        </message>
        <message>
            <source>Sent to %1, partition %2, offset %3.</source>
            <translation>An %1 gesendet, Partition %2, Offset %3.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::RecordAgeReader</name>
        <message>
            <source>no offset to read from</source>
            <translation>kein Offset, ab dem gelesen werden kann</translation>
        </message>
        <message>
            <source>the reader could not be opened (%1)</source>
            <translation>der Leser konnte nicht geöffnet werden (%1)</translation>
        </message>
        <message>
            <source>the record at offset %1 has no time</source>
            <translation>der Eintrag bei Offset %1 hat keine Zeit</translation>
        </message>
        <message>
            <source>no record arrived within %1 ms</source>
            <translation>innerhalb von %1 ms kam kein Eintrag an</translation>
        </message>
        <message>
            <source>the partition could not be read</source>
            <translation>die Partition konnte nicht gelesen werden</translation>
        </message>
        <message>
            <source>%1 (last error: %2)</source>
            <translation>%1 (letzter Fehler: %2)</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::RemindersModel</name>
        <message>
            <source>since %1: %2</source>
            <translation>seit %1: %2</translation>
        </message>
        <message>
            <source>no member</source>
            <translation>kein Mitglied</translation>
        </message>
        <message>
            <source>the connected daemon</source>
            <translation>der verbundene Daemon</translation>
        </message>
        <message>
            <source>the connected daemon (%1)</source>
            <translation>der verbundene Daemon (%1)</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min %2 s</source>
            <translation>%1 min %2 s</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 T %2 h</translation>
        </message>
        <message>
            <source>Its task is completed.</source>
            <translation>Ihre Aufgabe ist erledigt.</translation>
        </message>
        <message>
            <source>Its task was deleted.</source>
            <translation>Ihre Aufgabe wurde gelöscht.</translation>
        </message>
        <message>
            <source>Its task is not in the daemon's database (erased, or the scheduler writes to another database).</source>
            <translation>Ihre Aufgabe ist nicht in der Datenbank des Daemons (gelöscht, oder der Scheduler schreibt in eine andere Datenbank).</translation>
        </message>
        <message>
            <source>Fired at %1, %2 after its time%3.</source>
            <translation>Ausgelöst um %1, %2 nach ihrer Zeit%3.</translation>
        </message>
        <message>
            <source> (late: more than 60 s)</source>
            <translation> (verspätet: mehr als 60 s)</translation>
        </message>
        <message>
            <source>Dismissed at %1; a dismissed reminder never fires.</source>
            <translation>Verworfen um %1; eine verworfene Erinnerung wird nie ausgelöst.</translation>
        </message>
        <message>
            <source>Completing or deleting a task dismisses its pending reminders.</source>
            <translation>Das Erledigen oder Löschen einer Aufgabe verwirft ihre offenen Erinnerungen.</translation>
        </message>
        <message>
            <source>Pending: due in %1.</source>
            <translation>Offen: fällig in %1.</translation>
        </message>
        <message>
            <source>Its timer is armed by the owner of partition %1.</source>
            <translation>Ihren Timer stellt der Besitzer von Partition %1.</translation>
        </message>
        <message>
            <source>Its timer is armed by the owner of partition %1: %2.</source>
            <translation>Ihren Timer stellt der Besitzer von Partition %1: %2.</translation>
        </message>
        <message>
            <source>Overdue by %1 and still pending. Why it has not fired:</source>
            <translation>Seit %1 überfällig und noch offen. Warum sie nicht ausgelöst wurde:</translation>
        </message>
        <message>
            <source>The scheduler dismisses the reminders of a completed or deleted task when it reads that event: check reminder-scheduler-cg's lag and DLQ.</source>
            <translation>Der Scheduler verwirft die Erinnerungen einer erledigten oder gelöschten Aufgabe, wenn er dieses Ereignis liest: prüfen Sie Rückstand und DLQ von reminder-scheduler-cg.</translation>
        </message>
        <message>
            <source>No partition is recorded: reminder-trigger-cg has not read its ReminderScheduled yet, so no instance arms its timer. Check that group's lag and DLQ.</source>
            <translation>Keine Partition eingetragen: reminder-trigger-cg hat ihr ReminderScheduled noch nicht gelesen, also stellt keine Instanz ihren Timer. Prüfen Sie Rückstand und DLQ dieser Gruppe.</translation>
        </message>
        <message>
            <source>Partition %1 of todo.reminders.events is stalled for reminder-trigger-cg (%2): acknowledge the gap in the Consumer groups tab.</source>
            <translation>Partition %1 von todo.reminders.events steht für reminder-trigger-cg still (%2): bestätigen Sie die Lücke im Reiter Consumer-Gruppen.</translation>
        </message>
        <message>
            <source>No member of reminder-trigger-cg owns partition %1: is a daemon with the reminder-trigger role running?</source>
            <translation>Kein Mitglied von reminder-trigger-cg besitzt Partition %1: läuft ein Daemon mit der Rolle reminder-trigger?</translation>
        </message>
        <message>
            <source>Partition %1 is owned by %2, which should have fired it: look at that member's log (taskstream.reminders) for database errors.</source>
            <translation>Partition %1 gehört %2, das sie hätte auslösen sollen: suchen Sie im Log dieses Mitglieds (taskstream.reminders) nach Datenbankfehlern.</translation>
        </message>
        <message>
            <source>The connected daemon owns partition %1 and should have fired it: look at its log (taskstream.reminders) for database errors.</source>
            <translation>Der verbundene Daemon besitzt Partition %1 und hätte sie auslösen sollen: suchen Sie in seinem Log (taskstream.reminders) nach Datenbankfehlern.</translation>
        </message>
        <message>
            <source>The connected daemon does not own partition %1 and the broker cannot tell which member does: check the other daemons with the reminder-trigger role.</source>
            <translation>Der verbundene Daemon besitzt Partition %1 nicht, und der Broker kann nicht sagen, welches Mitglied sie besitzt: prüfen Sie die anderen Daemons mit der Rolle reminder-trigger.</translation>
        </message>
        <message>
            <source>The connected daemon runs no reminder trigger and the broker cannot tell which member owns partition %1: is a daemon with the reminder-trigger role running?</source>
            <translation>Der verbundene Daemon führt keinen Reminder-Trigger aus, und der Broker kann nicht sagen, welches Mitglied Partition %1 besitzt: läuft ein Daemon mit der Rolle reminder-trigger?</translation>
        </message>
        <message>
            <source>pending (overdue)</source>
            <translation>offen (überfällig)</translation>
        </message>
        <message>
            <source>pending</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>fired (late)</source>
            <translation>ausgelöst (verspätet)</translation>
        </message>
        <message>
            <source>fired</source>
            <translation>ausgelöst</translation>
        </message>
        <message>
            <source>dismissed</source>
            <translation>verworfen</translation>
        </message>
        <message>
            <source>%1 late</source>
            <translation>%1 zu spät</translation>
        </message>
        <message>
            <source>waiting %1</source>
            <translation>wartet seit %1</translation>
        </message>
        <message>
            <source>none yet</source>
            <translation>noch keine</translation>
        </message>
        <message>
            <source>stalled</source>
            <translation>steht still</translation>
        </message>
        <message>
            <source>%1, stalled</source>
            <translation>%1, steht still</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>open</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>erledigt</translation>
        </message>
        <message>
            <source>deleted</source>
            <translation>gelöscht</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>fehlt</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titel</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Fällig</translation>
        </message>
        <message>
            <source>Lateness</source>
            <translation>Verspätung</translation>
        </message>
        <message>
            <source>Partition</source>
            <translation>Partition</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Besitzer</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>Aufgabe</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Benutzer</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::RemindersPanel</name>
        <message>
            <source>All reminders</source>
            <translation>Alle Erinnerungen</translation>
        </message>
        <message>
            <source>Pending</source>
            <translation>Offen</translation>
        </message>
        <message>
            <source>Fired</source>
            <translation>Ausgelöst</translation>
        </message>
        <message>
            <source>Dismissed</source>
            <translation>Verworfen</translation>
        </message>
        <message>
            <source>Read reminders &amp;again</source>
            <translation>Erinnerungen &amp;neu lesen</translation>
        </message>
        <message>
            <source>Read every user's reminders from the daemon again</source>
            <translation>Die Erinnerungen aller Benutzer erneut vom Daemon lesen</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Neu lesen</translation>
        </message>
        <message>
            <source>Select a reminder to see why it fired, or why it did not.</source>
            <translation>Wählen Sie eine Erinnerung, um zu sehen, warum sie ausgelöst wurde oder warum nicht.</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>Zeigen:</translation>
        </message>
        <message>
            <source>Reminders are read through the daemon's API with an admin token.</source>
            <translation>Erinnerungen werden über die API des Daemons mit einem Admin-Token gelesen.</translation>
        </message>
        <message>
            <source>Reading every user's reminders needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation>Die Erinnerungen aller Benutzer zu lesen braucht die API des Daemons mit einem Admin-Token: tragen Sie Daemon-URL und Token im Verbindungsprofil ein oder starten Sie die Sandbox.</translation>
        </message>
        <message>
            <source>Reading reminders…</source>
            <translation>Lese Erinnerungen…</translation>
        </message>
        <message>
            <source>The reminders could not be read: %1</source>
            <translation>Die Erinnerungen konnten nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>Reading the reminders failed (%1). Check the daemon URL and that the token is an admin token.</source>
            <translation>Das Lesen der Erinnerungen ist fehlgeschlagen (%1). Prüfen Sie die Daemon-URL und ob das Token ein Admin-Token ist.</translation>
        </message>
        <message numerus="yes">
            <source>%n reminder(s)</source>
            <translation>
                <numerusform>%n Erinnerung</numerusform>
                <numerusform>%n Erinnerungen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>; %n pending past its time</source>
            <translation>
                <numerusform>; %n offen nach ihrer Zeit</numerusform>
                <numerusform>; %n offen nach ihrer Zeit</numerusform>
            </translation>
        </message>
        <message>
            <source> (the first %1 only)</source>
            <translation> (nur die ersten %1)</translation>
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
        <message numerus="yes">
            <source>%n refused (loop guard or discarded; the list says why).</source>
            <translation>
                <numerusform>%n abgelehnt (Schleifenschutz oder verworfen; die Liste nennt den Grund).</numerusform>
                <numerusform>%n abgelehnt (Schleifenschutz oder verworfen; die Liste nennt den Grund).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Dry run: %n record(s) would go back to their original topic, processed only by the group that dead-lettered each (the Group column); other groups on the topic skip them.</source>
            <translation>
                <numerusform>Probelauf: %n Datensatz ginge zurück in sein ursprüngliches Topic und würde nur von der Gruppe verarbeitet, die ihn in die DLQ gelegt hat (Spalte „Gruppe“); andere Gruppen des Topics überspringen ihn.</numerusform>
                <numerusform>Probelauf: %n Datensätze gingen zurück in ihr ursprüngliches Topic und würden jeweils nur von der Gruppe verarbeitet, die sie in die DLQ gelegt hat (Spalte „Gruppe“); andere Gruppen des Topics überspringen sie.</numerusform>
            </translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Gruppe</translation>
        </message>
        <message>
            <source>every group on the topic</source>
            <translation>jede Gruppe des Topics</translation>
        </message>
        <message numerus="yes">
            <source>Dry run: %n record(s) would go back to their original topic.</source>
            <translation>
                <numerusform>Probelauf: %n Eintrag ginge zurück in sein ursprüngliches Topic.</numerusform>
                <numerusform>Probelauf: %n Einträge gingen zurück in ihr ursprüngliches Topic.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ResetOffsetsDialog</name>
        <message>
            <source>Reset offsets of %1</source>
            <translation>Offsets von %1 zurücksetzen</translation>
        </message>
        <message>
            <source>All topics of the group</source>
            <translation>Alle Topics der Gruppe</translation>
        </message>
        <message>
            <source>Earliest (the oldest record kept)</source>
            <translation>Anfang (der älteste gespeicherte Eintrag)</translation>
        </message>
        <message>
            <source>Latest (skip everything unread)</source>
            <translation>Ende (alles Ungelesene überspringen)</translation>
        </message>
        <message>
            <source>A time (the first record at or after it)</source>
            <translation>Ein Zeitpunkt (der erste Eintrag zu oder nach ihm)</translation>
        </message>
        <message>
            <source>An offset of one partition</source>
            <translation>Ein Offset einer Partition</translation>
        </message>
        <message>
            <source>Reset…</source>
            <translation>Zurücksetzen…</translation>
        </message>
        <message>
            <source>&amp;Topic:</source>
            <translation>&amp;Topic:</translation>
        </message>
        <message>
            <source>Reset &amp;to:</source>
            <translation>&amp;Zurücksetzen auf:</translation>
        </message>
        <message>
            <source>T&amp;ime:</source>
            <translation>Ze&amp;it:</translation>
        </message>
        <message>
            <source>&amp;Partition:</source>
            <translation>&amp;Partition:</translation>
        </message>
        <message>
            <source>&amp;Offset:</source>
            <translation>&amp;Offset:</translation>
        </message>
        <message>
            <source>Preview (nothing changes until you confirm):</source>
            <translation>Vorschau (nichts ändert sich, bevor Sie bestätigen):</translation>
        </message>
        <message>
            <source>Choose one topic to set the offset of one of its partitions.</source>
            <translation>Wählen Sie ein einzelnes Topic, um den Offset einer seiner Partitionen zu setzen.</translation>
        </message>
        <message>
            <source>The group has no such partition.</source>
            <translation>Die Gruppe hat keine solche Partition.</translation>
        </message>
        <message>
            <source>Reset offsets</source>
            <translation>Offsets zurücksetzen</translation>
        </message>
        <message numerus="yes">
            <source>Reset the committed offsets of group "%1" on %n partition(s)? Its consumers read from the new offsets when they start again.</source>
            <translation>
                <numerusform>Die committeten Offsets der Gruppe „%1“ auf %n Partition zurücksetzen? Ihre Consumer lesen ab den neuen Offsets, wenn sie wieder starten.</numerusform>
                <numerusform>Die committeten Offsets der Gruppe „%1“ auf %n Partitionen zurücksetzen? Ihre Consumer lesen ab den neuen Offsets, wenn sie wieder starten.</numerusform>
            </translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Zurücksetzen</translation>
        </message>
        <message>
            <source>Resetting…</source>
            <translation>Setze zurück…</translation>
        </message>
        <message>
            <source>Refused: the group has active members. Stop its consumers, then reset (%1).</source>
            <translation>Abgelehnt: die Gruppe hat aktive Mitglieder. Halten Sie ihre Consumer an und setzen Sie dann zurück (%1).</translation>
        </message>
        <message>
            <source>The reset failed: %1</source>
            <translation>Das Zurücksetzen ist fehlgeschlagen: %1</translation>
        </message>
        <message numerus="yes">
            <source>Reset %n partition(s).</source>
            <translation>
                <numerusform>%n Partition zurückgesetzt.</numerusform>
                <numerusform>%n Partitionen zurückgesetzt.</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Group name:</source>
            <translation>&amp;Gruppenname:</translation>
        </message>
        <message>
            <source>Group state: %1, no active members.</source>
            <translation>Zustand der Gruppe: %1, keine aktiven Mitglieder.</translation>
        </message>
        <message>
            <source>State unknown: the broker cannot tell whether group "%1" has live consumers. Make sure they are stopped, then type the group's name to reset.</source>
            <translation>Zustand unbekannt: Der Broker kann nicht sagen, ob die Gruppe „%1“ laufende Consumer hat. Stellen Sie sicher, dass sie gestoppt sind, und geben Sie dann zum Zurücksetzen den Namen der Gruppe ein.</translation>
        </message>
        <message numerus="yes">
            <source>This reset skips %n unread record(s)</source>
            <translation>
                <numerusform>Dieses Zurücksetzen überspringt %n ungelesenen Datensatz</numerusform>
                <numerusform>Dieses Zurücksetzen überspringt %n ungelesene Datensätze</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>on %n partition(s): the group never processes them.</source>
            <translation>
                <numerusform>auf %n Partition: Die Gruppe verarbeitet sie nie.</numerusform>
                <numerusform>auf %n Partitionen: Die Gruppe verarbeitet sie nie.</numerusform>
            </translation>
        </message>
        <message>
            <source>For that time the broker answered "the end" (no record at or after it, or a broker that cannot look records up by time).</source>
            <translation>Für diesen Zeitpunkt antwortete der Broker „das Ende“ (kein Datensatz zu oder nach ihm, oder ein Broker, der Datensätze nicht nach Zeit nachschlagen kann).</translation>
        </message>
        <message>
            <source>The group's state is unknown: its consumers may be running.</source>
            <translation>Der Zustand der Gruppe ist unbekannt: Ihre Consumer könnten laufen.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::SearchWorker</name>
        <message numerus="yes">
            <source>stopped at %n match(es)</source>
            <translation>
                <numerusform>angehalten bei %n Treffer</numerusform>
                <numerusform>angehalten bei %n Treffern</numerusform>
            </translation>
        </message>
        <message>
            <source>stopped after reading %1 records</source>
            <translation>angehalten nach %1 gelesenen Datensätzen</translation>
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
        <message>
            <source>comma-separated, e.g. work, urgent</source>
            <translation>durch Kommas getrennt, z. B. arbeit, dringend</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>daily, weekly, monthly or an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO,WE; needs a due date</source>
            <translation>daily, weekly, monthly oder eine iCalendar-RRULE wie FREQ=WEEKLY;BYDAY=MO,WE; braucht ein Fälligkeitsdatum</translation>
        </message>
        <message>
            <source>the due date</source>
            <translation>dem Fälligkeitsdatum</translation>
        </message>
        <message>
            <source>the completion</source>
            <translation>der Erledigung</translation>
        </message>
        <message>
            <source>When a repeating task is done, the next one is due at the pattern's next time after its due date (and after the completion), or counted from the completion</source>
            <translation>Ist eine wiederkehrende Aufgabe erledigt, ist die nächste zum nächsten Termin des Musters nach ihrem Fälligkeitsdatum (und nach der Erledigung) fällig, oder von der Erledigung an gezählt</translation>
        </message>
        <message>
            <source>minutes before the due date, e.g. 10, 60 (empty: the daemon's default)</source>
            <translation>Minuten vor dem Fälligkeitsdatum, z. B. 10, 60 (leer: Vorgabe des Daemons)</translation>
        </message>
        <message>
            <source>T&amp;ags:</source>
            <translation>Sch&amp;lagwörter:</translation>
        </message>
        <message>
            <source>&amp;Repeats:</source>
            <translation>&amp;Wiederholung:</translation>
        </message>
        <message>
            <source>Counted &amp;from:</source>
            <translation>&amp;Gezählt ab:</translation>
        </message>
        <message>
            <source>&amp;Reminders:</source>
            <translation>E&amp;rinnerungen:</translation>
        </message>
        <message>
            <source>A task needs a title.</source>
            <translation>Eine Aufgabe braucht einen Titel.</translation>
        </message>
        <message>
            <source>At most 20 tags.</source>
            <translation>Höchstens 20 Schlagwörter.</translation>
        </message>
        <message>
            <source>A tag has at most 64 characters ("%1…").</source>
            <translation>Ein Schlagwort hat höchstens 64 Zeichen („%1…“).</translation>
        </message>
        <message>
            <source>At most 10 reminders.</source>
            <translation>Höchstens 10 Erinnerungen.</translation>
        </message>
        <message>
            <source>Reminders are whole minutes from 0 to a year before the due date ("%1").</source>
            <translation>Erinnerungen sind ganze Minuten von 0 bis zu einem Jahr vor dem Fälligkeitsdatum („%1“).</translation>
        </message>
        <message>
            <source>Repeats and reminders need a due date.</source>
            <translation>Wiederholung und Erinnerungen brauchen ein Fälligkeitsdatum.</translation>
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
            <source>Read the user's tasks again</source>
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
            <source>"%1" is not a user: pick a demo user or enter a user id (a UUID).</source>
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
            <source>Delete the task "%1"? The API keeps no way to bring it back.</source>
            <translation>Die Aufgabe „%1“ löschen? Die API bietet keinen Weg, sie zurückzuholen.</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::TopicBrowser</name>
        <message numerus="yes">
            <source>reading %1 timed out after %n record(s)</source>
            <translation>
                <numerusform>Zeitüberschreitung beim Lesen von %1 nach %n Eintrag</numerusform>
                <numerusform>Zeitüberschreitung beim Lesen von %1 nach %n Einträgen</numerusform>
            </translation>
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
        <message>
            <source>forever</source>
            <translation>unbegrenzt</translation>
        </message>
        <message>
            <source>%1 d</source>
            <translation>%1 T</translation>
        </message>
        <message>
            <source>%1 h</source>
            <translation>%1 h</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message>
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <source>Not in the topic catalog: the broker's retention setting is not read</source>
            <translation>Nicht im Topic-Katalog: die Aufbewahrungseinstellung des Brokers wird nicht gelesen</translation>
        </message>
        <message>
            <source>Known from the second refresh on</source>
            <translation>Bekannt ab der zweiten Aktualisierung</translation>
        </message>
        <message>
            <source>How long records are kept, as the topic catalog sets it</source>
            <translation>Wie lange Datensätze aufbewahrt werden, laut Topic-Katalog</translation>
        </message>
        <message>
            <source>Records produced per second: the change of the high watermark between the last two refreshes</source>
            <translation>Pro Sekunde geschriebene Datensätze: die Änderung der High Watermark zwischen den letzten zwei Aktualisierungen</translation>
        </message>
        <message>
            <source>Produce rate</source>
            <translation>Schreibrate</translation>
        </message>
        <message>
            <source>The topic catalog's retention (schemas/topics.json); the broker's own setting is not read and may differ</source>
            <translation>Aufbewahrung laut Topic-Katalog (schemas/topics.json); die Einstellung des Brokers wird nicht gelesen und kann abweichen</translation>
        </message>
        <message>
            <source>Retention (catalog)</source>
            <translation>Aufbewahrung (Katalog)</translation>
        </message>
        <message>
            <source>Retention</source>
            <translation>Aufbewahrung</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::VerifyPanel</name>
        <message>
            <source>1h</source>
            <translation>1h</translation>
        </message>
        <message>
            <source>Start of the window: an age (45s, 90m, 2h, 1d) or an ISO 8601 time with its offset (2026-12-06T10:00:00Z). Empty: the last hour.</source>
            <translation>Beginn des Zeitfensters: ein Alter (45s, 90m, 2h, 1d) oder eine ISO-8601-Zeit mit Versatz (2026-12-06T10:00:00Z). Leer: die letzte Stunde.</translation>
        </message>
        <message>
            <source>now</source>
            <translation>jetzt</translation>
        </message>
        <message>
            <source>End of the window, written as the start. Empty: now. The window is at most 24 hours.</source>
            <translation>Ende des Zeitfensters, geschrieben wie der Beginn. Leer: jetzt. Das Zeitfenster umfasst höchstens 24 Stunden.</translation>
        </message>
        <message>
            <source>All groups</source>
            <translation>Alle Gruppen</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>Events younger than this that are not yet published or processed are in flight, not lost. 0 on a pipeline known to be at rest.</source>
            <translation>Jüngere Ereignisse, die noch nicht veröffentlicht oder verarbeitet sind, sind unterwegs, nicht verloren. 0 für eine Pipeline, die bekanntermaßen ruht.</translation>
        </message>
        <message>
            <source>&amp;Verify</source>
            <translation>&amp;Prüfen</translation>
        </message>
        <message>
            <source>Reconcile the outbox, the topics and each group's ledger over the window</source>
            <translation>Outbox, Topics und das Verarbeitungsprotokoll jeder Gruppe über das Zeitfenster abgleichen</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
        <message>
            <source>Select a group to see its figures and the first events it lost.</source>
            <translation>Wählen Sie eine Gruppe, um ihre Zahlen und die ersten verlorenen Ereignisse zu sehen.</translation>
        </message>
        <message>
            <source>Since:</source>
            <translation>Seit:</translation>
        </message>
        <message>
            <source>Until:</source>
            <translation>Bis:</translation>
        </message>
        <message>
            <source>Group:</source>
            <translation>Gruppe:</translation>
        </message>
        <message>
            <source>Settle time:</source>
            <translation>Wartezeit:</translation>
        </message>
        <message>
            <source>The connected daemon verifies delivery with an admin token; nothing is changed.</source>
            <translation>Der verbundene Daemon prüft die Zustellung mit einem Admin-Token; nichts wird geändert.</translation>
        </message>
        <message>
            <source>Verifying delivery needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation>Die Zustellung zu prüfen braucht die API des Daemons mit einem Admin-Token: Legen Sie Daemon-URL und Token im Verbindungsprofil fest oder starten Sie die Sandbox.</translation>
        </message>
        <message>
            <source>Verifying… the daemon reads the outbox, the topics and the ledgers.</source>
            <translation>Prüfe… der Daemon liest die Outbox, die Topics und die Verarbeitungsprotokolle.</translation>
        </message>
        <message>
            <source>Verified in %1 s.</source>
            <translation>Geprüft in %1 s.</translation>
        </message>
        <message>
            <source>Canceled. The daemon finishes that verification on its own; a new one may have to wait for it.</source>
            <translation>Abgebrochen. Der Daemon beendet diese Prüfung selbst; eine neue muss eventuell darauf warten.</translation>
        </message>
        <message>
            <source>The daemon refused: verifying delivery needs an admin token (%1).</source>
            <translation>Der Daemon hat abgelehnt: Die Zustellung zu prüfen braucht ein Admin-Token (%1).</translation>
        </message>
        <message numerus="yes">
            <source>The daemon cannot verify now (%1); try again in %n second(s).</source>
            <translation>
                <numerusform>Der Daemon kann gerade nicht prüfen (%1); versuchen Sie es in %n Sekunde erneut.</numerusform>
                <numerusform>Der Daemon kann gerade nicht prüfen (%1); versuchen Sie es in %n Sekunden erneut.</numerusform>
            </translation>
        </message>
        <message>
            <source>The daemon cannot verify now (%1); try again later.</source>
            <translation>Der Daemon kann gerade nicht prüfen (%1); versuchen Sie es später erneut.</translation>
        </message>
        <message>
            <source>The verification failed: %1</source>
            <translation>Die Prüfung ist fehlgeschlagen: %1</translation>
        </message>
        <message>
            <source>No verdict: %1</source>
            <translation>Kein Ergebnis: %1</translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::VerifyReportModel</name>
        <message>
            <source>'%1' is not a number</source>
            <translation>„%1“ ist keine Zahl</translation>
        </message>
        <message>
            <source>The answer is not a verification report: %1.</source>
            <translation>Die Antwort ist kein Prüfbericht: %1.</translation>
        </message>
        <message>
            <source>it is not a JSON object</source>
            <translation>sie ist kein JSON-Objekt</translation>
        </message>
        <message>
            <source>it has no verdict ('clean')</source>
            <translation>sie hat kein Ergebnis („clean“)</translation>
        </message>
        <message>
            <source>it has no list of groups ('groups')</source>
            <translation>sie hat keine Liste der Gruppen („groups“)</translation>
        </message>
        <message>
            <source>a group has no name</source>
            <translation>eine Gruppe hat keinen Namen</translation>
        </message>
        <message>
            <source>group %1: %2</source>
            <translation>Gruppe %1: %2</translation>
        </message>
        <message numerus="yes">
            <source>Clean: no event lost, no duplicate effect and no key out of order in %n group(s).</source>
            <translation>
                <numerusform>Sauber: kein Ereignis verloren, keine doppelte Wirkung und kein Schlüssel außer der Reihe in %n Gruppe.</numerusform>
                <numerusform>Sauber: kein Ereignis verloren, keine doppelte Wirkung und kein Schlüssel außer der Reihe in %n Gruppen.</numerusform>
            </translation>
        </message>
        <message>
            <source>NOT CLEAN: events lost %1, duplicate effects %2, per-key order violations %3; groups affected: %4 of %5.</source>
            <translation>NICHT SAUBER: verlorene Ereignisse %1, doppelte Wirkungen %2, Reihenfolgeverstöße je Schlüssel %3; betroffene Gruppen: %4 von %5.</translation>
        </message>
        <message numerus="yes">
            <source> %n event(s) still in flight.</source>
            <translation>
                <numerusform> %n Ereignis noch unterwegs.</numerusform>
                <numerusform> %n Ereignisse noch unterwegs.</numerusform>
            </translation>
        </message>
        <message>
            <source>Committed from %1 to %2 (%3).</source>
            <translation>Festgeschrieben von %1 bis %2 (%3).</translation>
        </message>
        <message>
            <source>Outbox: %1 committed, %2 published, %3 marked sent but not on the topic, %4 unpublished past the settle time (%5 failed).</source>
            <translation>Outbox: %1 festgeschrieben, %2 veröffentlicht, %3 als gesendet markiert, aber nicht im Topic, %4 nach der Wartezeit unveröffentlicht (%5 fehlgeschlagen).</translation>
        </message>
        <message>
            <source>Topics: %1 records read, %2 published more than once, %3 per-key order violations.</source>
            <translation>Topics: %1 Einträge gelesen, %2 mehrfach veröffentlicht, %3 Reihenfolgeverstöße je Schlüssel.</translation>
        </message>
        <message>
            <source>Out of order: %1</source>
            <translation>Außer der Reihe: %1</translation>
        </message>
        <message>
            <source>no events</source>
            <translation>keine Ereignisse</translation>
        </message>
        <message>
            <source>p50 %1 · p99 %2 · max %3 ms</source>
            <translation>p50 %1 · p99 %2 · max %3 ms</translation>
        </message>
        <message>
            <source>Group %1 (%2): %3</source>
            <translation>Gruppe %1 (%2): %3</translation>
        </message>
        <message>
            <source>clean</source>
            <translation>sauber</translation>
        </message>
        <message>
            <source>NOT CLEAN</source>
            <translation>NICHT SAUBER</translation>
        </message>
        <message>
            <source>Expected %1, processed %2, lost %3 (%4 not published, %5 not processed), in flight %6.</source>
            <translation>Erwartet %1, verarbeitet %2, verloren %3 (%4 nicht veröffentlicht, %5 nicht verarbeitet), unterwegs %6.</translation>
        </message>
        <message>
            <source>Duplicate effects %1, per-key order violations %2.</source>
            <translation>Doppelte Wirkungen %1, Reihenfolgeverstöße je Schlüssel %2.</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n event(s))</source>
            <translation>
                <numerusform>%1 (%n Ereignis)</numerusform>
                <numerusform>%1 (%n Ereignisse)</numerusform>
            </translation>
        </message>
        <message>
            <source>Committed, never published (first %1 of %2):</source>
            <translation>Festgeschrieben, nie veröffentlicht (die ersten %1 von %2):</translation>
        </message>
        <message>
            <source>Published, never processed (first %1 of %2):</source>
            <translation>Veröffentlicht, nie verarbeitet (die ersten %1 von %2):</translation>
        </message>
        <message>
            <source>clean, %1 in flight</source>
            <translation>sauber, %1 unterwegs</translation>
        </message>
        <message>
            <source>Lost before the topic: committed in the outbox, never published</source>
            <translation>Vor dem Topic verloren: in der Outbox festgeschrieben, nie veröffentlicht</translation>
        </message>
        <message>
            <source>Lost after the topic: published, never in the group's ledger</source>
            <translation>Nach dem Topic verloren: veröffentlicht, nie im Verarbeitungsprotokoll der Gruppe</translation>
        </message>
        <message>
            <source>Neither yet, but younger than the settle time: not counted as lost</source>
            <translation>Noch keins von beiden, aber jünger als die Wartezeit: nicht als verloren gezählt</translation>
        </message>
        <message>
            <source>Latency in milliseconds: median, 99th percentile and maximum</source>
            <translation>Latenz in Millisekunden: Median, 99. Perzentil und Maximum</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Gruppe</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>Ergebnis</translation>
        </message>
        <message>
            <source>Expected</source>
            <translation>Erwartet</translation>
        </message>
        <message>
            <source>Processed</source>
            <translation>Verarbeitet</translation>
        </message>
        <message>
            <source>Not published</source>
            <translation>Nicht veröffentlicht</translation>
        </message>
        <message>
            <source>Not processed</source>
            <translation>Nicht verarbeitet</translation>
        </message>
        <message>
            <source>In flight</source>
            <translation>Unterwegs</translation>
        </message>
        <message>
            <source>Duplicate effects</source>
            <translation>Doppelte Wirkungen</translation>
        </message>
        <message>
            <source>Order violations</source>
            <translation>Reihenfolgeverstöße</translation>
        </message>
        <message>
            <source>Commit → published</source>
            <translation>Festgeschrieben → veröffentlicht</translation>
        </message>
        <message>
            <source>Published → processed</source>
            <translation>Veröffentlicht → verarbeitet</translation>
        </message>
        <message>
            <source>Commit → processed</source>
            <translation>Festgeschrieben → verarbeitet</translation>
        </message>
    </context>
</TS>