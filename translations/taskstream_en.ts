<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>ButtonTexts</name>
        <message>
            <source>OK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;No</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ConnectionProfile</name>
        <message>
            <source>Give the profile a name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The bootstrap servers must be HOST:PORT, several separated by commas (%1).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 needs a user name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The %1 "%2" does not exist or cannot be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CA file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>client certificate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>client key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A client certificate needs its key, and a key its certificate: give both or neither.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The Schema Registry URL must be http://HOST:PORT or https://HOST:PORT.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon's API URL must be http://HOST:PORT or https://HOST:PORT.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no profile "%1".</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A profile named "%1" exists already.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ConsoleOptions</name>
        <message>
            <source>Administration console for the Taskstream event backbone on Apache Kafka.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect at start to the Kafka brokers &lt;servers&gt;, given as HOST:PORT, several separated by commas.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>servers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start the embedded sandbox (an in-memory Kafka cluster) and connect to it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save a picture of the window to &lt;file&gt; (PNG) after the first refresh, then quit.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1; see --help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unexpected argument '%1'; give the brokers with --bootstrap-servers HOST:PORT</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--sandbox and --bootstrap-servers exclude each other; give one of them</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--bootstrap-servers '%1' is not valid: write HOST:PORT, several separated by commas (for example localhost:9092)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tab</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>With --screenshot: wait &lt;ms&gt; milliseconds after the first refresh.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>With --sandbox: create, update and complete demo tasks continuously through the sandbox's API.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--demo-load needs --sandbox</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--screenshot-tab '%1' is not a tab; give one of %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--screenshot-tab needs --screenshot</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--screenshot-delay '%1' is not a number of milliseconds from 0 to 600000</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect at start with the saved connection profile &lt;name&gt; (see Cluster &gt; Connections…).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>With --screenshot: show the tab &lt;tab&gt; (topics, groups, dlq, messages, live, tasks, audit) first, or "all" to save every tab into the folder given to --screenshot.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--profile excludes --sandbox and --bootstrap-servers; give one of them</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--profile needs the name of a saved connection profile</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>there is no connection profile '%1'; none is saved yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>there is no connection profile '%1'; saved are: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Look only: hide every action that changes something (replay, offset reset, discard, outbox retry, task edits, produce), whatever the connection profile says.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>--demo-load changes tasks and --read-only forbids it; give one of them</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::AuditModel</name>
        <message>
            <source>“%1”</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>changed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>remind at %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Occurred %1, recorded %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Summary</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>API</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>worker %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not recorded: the event carried no actor (written before actors were recorded, or by another producer)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subject %1, source %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Who</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::AuditPanel</name>
        <message>
            <source>&amp;Search</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Load &amp;more</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>any user (a user id, or a demo user's name)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>any task (a task id)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>any</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Entries that occurred at or after this local time; "any" for no bound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Entries that occurred before this local time; "any" for no bound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>words in the type or payload (all must occur)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search the audit log with these filters (Return in any field)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add the next page of entries</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Reset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clear every filter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Searching…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tas&amp;k:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;From:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;o:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Words:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select an entry to see it as JSON.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not a user: enter a user id (a UUID) or a demo user's name, or leave the field empty for every user.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not a task id: enter a task's id (a UUID), or leave the field empty for every task.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The time range is empty: "from" (%1) must be before "to" (%2). Correct one of them, or set it to "any".</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" has no word to look for: enter letters or digits, or leave the field empty.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon refused the token (%1). Enter a valid token in the Tasks tab.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only an admin token may search other users' entries (%1). Enter one in the Tasks tab (taskstreamd token --role admin), or leave the user empty.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon did not accept the search: %1. Correct the filters and search again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon's database did not answer (%1). Search again in a moment.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No entry matches. Events reach the audit log a moment after they happen.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n entry(ies) shown; more match (Load more).</source>
            <translation>
                <numerusform>%n entry shown; more match (Load more).</numerusform>
                <numerusform>%n entries shown; more match (Load more).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n entry(ies) shown; no more match.</source>
            <translation>
                <numerusform>%n entry shown; no more match.</numerusform>
                <numerusform>%n entries shown; no more match.</numerusform>
            </translation>
        </message>
        <message>
            <source>Searching as the sandbox's administrator: every user's entries.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Searching the daemon of the Tasks tab with its token: an admin token sees every user's entries, a user's token only that user's.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No entry matches. The daemon does not run the audit role (its roles: %1), so no new events are recorded in the audit log.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No entry matches.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>E&amp;xport…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>anyone (who did it: a user id, or a demo user's name)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>API</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>workers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where the change came from: a request to the API, the console, or a worker reacting to another event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save every entry of these filters and time range (not only those shown) as CSV or JSON lines</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export the audit log</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CSV (*.csv);;JSON lines (*.jsonl)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>W&amp;ho:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sour&amp;ce:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not someone who can act: enter a user id (a UUID) or a demo user's name, or leave the field empty for anyone.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exporting to %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only an admin token may export other users' entries. Enter one in the Tasks tab, or leave the user empty.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon does not offer the audit export (it is older than this console).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The audit log was not exported: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exported to %1.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::BrokersModel</name>
        <message>
            <source>Broker %1 at %2:%3 answered the last metadata request</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Broker %1 at %2:%3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partitions this broker leads: it serves their reads and writes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partitions this broker holds a copy of</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Broker</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Host</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Port</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Leads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replicas</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ClusterMonitor</name>
        <message>
            <source>Enter the bootstrap servers as HOST:PORT, several separated by commas (for example localhost:9092), or start the embedded sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not a valid bootstrap list: write HOST:PORT, several separated by commas (for example localhost:9092,kafka-2:9092).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lost the connection to %1 (%2); showing data from %3. Retrying on every refresh.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot reach Kafka at %1 (%2). Check that the brokers are running and the address is right, or start the embedded sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Watermarks could not be read (%1); message counts may be out of date. They are read again on the next refresh.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>connection refused or broken</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>no answer within %n second(s)</source>
            <translation>
                <numerusform>no answer within %n second</numerusform>
                <numerusform>no answer within %n seconds</numerusform>
            </translation>
        </message>
        <message>
            <source>host name not found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>security settings rejected: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the cluster listed no brokers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The embedded sandbox did not start: no temporary folder can be created (%1). Free some disk space or connect to a Kafka cluster instead.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The sandbox's task services stopped (%1). The cluster views keep working; start the sandbox again to retry.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The embedded sandbox did not start. Connect to a Kafka cluster instead.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot connect to %1: the Kafka client refused the settings (%2). Check the bootstrap servers and the connection's security settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot connect to %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot connect: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionProfilesModel</name>
        <message>
            <source>%1 (connected to last)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bootstrap servers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Security</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionTester</name>
        <message>
            <source>The Kafka client refused the settings (%1). Check the security protocol, mechanism and files.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Connected: %n broker(s) found.</source>
            <translation>
                <numerusform>Connected: %n broker found.</numerusform>
                <numerusform>Connected: %n brokers found.</numerusform>
            </translation>
        </message>
        <message>
            <source>The cluster answered but listed no brokers.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Authentication failed (%1). Check the user name, password and SASL mechanism of the profile.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The TLS handshake failed (%1). Check the CA file, the client certificate and key, hostname verification, and that the brokers listen with TLS on that port.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A broker's host name was not found. Check the bootstrap servers.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The brokers accepted the connection but did not complete the %1 handshake within %n second(s). Check that they listen with the security protocol %1 on that port, and the SASL mechanism, user name and password.</source>
            <translation>
                <numerusform>The brokers accepted the connection but did not complete the %1 handshake within %n second. Check that they listen with the security protocol %1 on that port, and the SASL mechanism, user name and password.</numerusform>
                <numerusform>The brokers accepted the connection but did not complete the %1 handshake within %n seconds. Check that they listen with the security protocol %1 on that port, and the SASL mechanism, user name and password.</numerusform>
            </translation>
        </message>
        <message>
            <source>The brokers refused the connection. Check the bootstrap servers and that the brokers are running.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>No answer from the brokers within %n second(s). Check the bootstrap servers, that the brokers are running and that the security protocol matches their listener.</source>
            <translation>
                <numerusform>No answer from the brokers within %n second. Check the bootstrap servers, that the brokers are running and that the security protocol matches their listener.</numerusform>
                <numerusform>No answer from the brokers within %n seconds. Check the bootstrap servers, that the brokers are running and that the security protocol matches their listener.</numerusform>
            </translation>
        </message>
        <message>
            <source>The connection failed (%1).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 answers HTTP, not the Kafka protocol: it is a web server or an HTTP API (perhaps the daemon's), not a broker. Give the brokers' Kafka port (often 9092) as the bootstrap servers, and the daemon's URL as its API.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ConnectionsDialog</name>
        <message>
            <source>Connections</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>HOST:PORT, several separated by commas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>asked for when connecting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Remember password and token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep the SASL password and the API token in the console's settings file, readable by your user account but not encrypted. Off: they are kept only until the console closes.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CA certificate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the system's CA certificates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Client certificate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>optional, for mutual TLS</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Client key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Verify the brokers' host names</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>optional, http://HOST:PORT</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>optional, http://HOST:PORT of taskstreamd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>optional, from `taskstreamd token --user ID`</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kafka</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Bootstrap servers:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Security protocol:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SASL &amp;mechanism:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;CA file:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Client c&amp;ertificate:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Client &amp;key:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Services</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Schema &amp;Registry:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Daemon API:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>API &amp;token:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>C&amp;onnect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A new profile: fill in the form and press Save or Connect.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A profile named "%1" exists already.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved "%1".</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved "%1" without its password and token; they are asked for when connecting.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete profile</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete the connection profile "%1"?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Deleted "%1".</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Give the profile a name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter the password to test the connection.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Testing %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PEM files (*.pem *.crt *.cer *.key)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read-&amp;only: hide every action that changes something</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>For looking only, e.g. at production: no replay, offset reset, discard, outbox retry, task edits or produce while connected with this profile.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ConsumerGroupsModel</name>
        <message>
            <source>unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A consumer group of the catalog</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A consumer group the broker lists</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group / partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>State</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Members</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Committed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>End offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt; 1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Age of the group's oldest unconsumed record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag in time not read:
%1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing to consume</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag in time not read: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Oldest unconsumed record: offset %1, written %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not read yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag (time)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1/s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Records consumed per second: the change of the committed offsets between the last two lag readings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>records %1 to %2 are gone from the broker; acknowledge the gap to go on from %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>records from %1 on are gone from the broker; acknowledge the gap to go on from the log start</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n partition(s) stalled: records gone from the broker</source>
            <translation>
                <numerusform>%n partition stalled: records gone from the broker</numerusform>
                <numerusform>%n partitions stalled: records gone from the broker</numerusform>
            </translation>
        </message>
        <message>
            <source>STALLED</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Empty</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rebalancing</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::DaemonClient</name>
        <message>
            <source>No daemon API is set: enter its URL and a token, or start the embedded sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon did not answer (%1). Check its URL and that it runs.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon refused the token (%1). Enter a valid token.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon answered %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot write %1: %2. Choose another file.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The export broke off (%1); the file was not written. Export again.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::DemoLoadGenerator</name>
        <message>
            <source>The demo load generator's request failed: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::DlqPanel</name>
        <message>
            <source>Read DLQ records &amp;again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the records of the selected DLQ topic again (Ctrl+Shift+B)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Replay selected…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preview, then replay the selected records to their original topic (Ctrl+R)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replay &amp;all…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preview, then replay every record shown to its original topic (Ctrl+Shift+R)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Export JSON…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the records shown as a JSON file (Ctrl+E)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a DLQ topic.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show only the records of one error class</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All error classes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Error class:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a record to see its decoded payload and headers.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading %1…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Reading %1… %Ln record(s) so far</source>
            <translation>
                <numerusform>Reading %1… %Ln record so far</numerusform>
                <numerusform>Reading %1… %Ln records so far</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Saving %n record(s) to %1…</source>
            <translation>
                <numerusform>Saving %n record to %1…</numerusform>
                <numerusform>Saving %n records to %1…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>The records of %1 could not all be read (%2); showing %n record(s) read so far. Read again with Ctrl+Shift+B.</source>
            <translation>
                <numerusform>The records of %1 could not all be read (%2); showing %n record read so far. Read again with Ctrl+Shift+B.</numerusform>
                <numerusform>The records of %1 could not all be read (%2); showing %n records read so far. Read again with Ctrl+Shift+B.</numerusform>
            </translation>
        </message>
        <message>
            <source>Select the DLQ records to replay first.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) could not be replayed; the result window says why. Try again once the cluster is reachable.</source>
            <translation>
                <numerusform>%n record could not be replayed; the result window says why. Try again once the cluster is reachable.</numerusform>
                <numerusform>%n records could not be replayed; the result window says why. Try again once the cluster is reachable.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Replayed %n record(s) to their original topics.</source>
            <translation>
                <numerusform>Replayed %n record to their original topics.</numerusform>
                <numerusform>Replayed %n records to their original topics.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export DLQ records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>JSON files (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The records could not be saved to %1 (%2). Choose another place.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Saved %n record(s) to %1.</source>
            <translation>
                <numerusform>Saved %n record to %1.</numerusform>
                <numerusform>Saved %n records to %1.</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Discard…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark the selected records handled without replaying them; they stay in Kafka (Ctrl+Shift+D or Delete)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Undo discard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Make the selected discarded records open again (Ctrl+Shift+U)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show &amp;handled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show the records already discarded or replayed too</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dead-letter records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Failed outbox records</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1: %2 open of %n record(s)</source>
            <translation>
                <numerusform>%1: %2 open of %n record</numerusform>
                <numerusform>%1: %2 open of %n records</numerusform>
            </translation>
        </message>
        <message>
            <source>Replaying and discarding need a ledger of handled records, which could not be opened (%1). Check that the console's data folder is writable.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Which records were handled could not be read from the ledger (%1); every record shows as new.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select the DLQ records to discard first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discard DLQ records</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Discard %n record(s)? Kafka keeps them; the console marks them handled and hides them, and refuses to replay them until the discard is undone.

Note (optional), e.g. why they need no replay:</source>
            <translation>
                <numerusform>Discard %n record? Kafka keeps it; the console marks it handled and hides it, and refuses to replay it until the discard is undone.

Note (optional), e.g. why it needs no replay:</numerusform>
                <numerusform>Discard %n records? Kafka keeps them; the console marks them handled and hides them, and refuses to replay them until the discard is undone.

Note (optional), e.g. why they need no replay:</numerusform>
            </translation>
        </message>
        <message>
            <source>Discard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The records could not be marked discarded (%1). Nothing was changed.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Discarded %n record(s). Show handled lists them; Undo discard brings them back.</source>
            <translation>
                <numerusform>Discarded %n record. Show handled lists it; Undo discard brings it back.</numerusform>
                <numerusform>Discarded %n records. Show handled lists them; Undo discard brings them back.</numerusform>
            </translation>
        </message>
        <message>
            <source>Select discarded records first (Show handled lists them).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The discard could not be undone (%1).</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) are open again.</source>
            <translation>
                <numerusform>%n record is open again.</numerusform>
                <numerusform>%n records are open again.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n refused (loop guard or discarded).</source>
            <translation>
                <numerusform>%n refused (loop guard or discarded).</numerusform>
                <numerusform>%n refused (loop guard or discarded).</numerusform>
            </translation>
        </message>
        <message>
            <source>◀ Previous page</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next page ▶</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discard marks are shared through the daemon at %1: everyone sees them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No daemon connected: discard marks are kept on this machine only, and teammates do not see them. Set the daemon's API to share them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All error classes (%L1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%L2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No records shown.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Records %L1–%L2 of %L3 shown, page %L4 of %L5</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon's shared discard marks could not be read (%1); this machine's marks are shown.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Discarded %n record(s) for everyone (kept by the daemon). Show handled lists them; Undo discard brings them back.</source>
            <translation>
                <numerusform>Discarded %n record for everyone (kept by the daemon). Show handled lists it; Undo discard brings it back.</numerusform>
                <numerusform>Discarded %n records for everyone (kept by the daemon). Show handled lists them; Undo discard brings them back.</numerusform>
            </translation>
        </message>
        <message>
            <source>Edit and re&amp;send…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit the selected record and send it to its original topic; the record stays in the DLQ</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The edited record was sent to %1, partition %2, offset %3; the dead letter stays in the DLQ.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::DlqRecordsModel</name>
        <message>
            <source>The payload does not decode: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Original topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Orig. partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Orig. offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Attempts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Error class</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Error message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First failure</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last failure</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>discarded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>replayed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>new</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discarded by %1 on %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note: %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Replayed %n time(s), last on %1.</source>
            <translation>
                <numerusform>Replayed %n time, last on %1.</numerusform>
                <numerusform>Replayed %n times, last on %1.</numerusform>
            </translation>
        </message>
        <message>
            <source>Neither replayed nor discarded yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The value (%n byte(s)) does not decode; as text:</source>
            <translation>
                <numerusform>The value (%n byte) does not decode; as text:</numerusform>
                <numerusform>The value (%n bytes) does not decode; as text:</numerusform>
            </translation>
        </message>
        <message>
            <source>As hex:</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::DlqTopicsModel</name>
        <message>
            <source>watermarks unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>group %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>topic %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DLQ topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Failures of</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Records</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::EventForm</name>
        <message>
            <source>Unchecked: the field is null</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Put a new random UUID in this field</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not a UUID: "%1"</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not a whole number: "%1"</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not a number: "%1"</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>comma-separated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(%1: not editable here)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a field of type %1 cannot be composed in this form</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no schema is known for event type %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::FailedOutboxModel</name>
        <message>
            <source>The daemon keeps no failure time for this record.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1, event %2, %n byte(s), created %3</source>
            <translation>
                <numerusform>%1, event %2, %n byte, created %3</numerusform>
                <numerusform>%1, event %2, %n bytes, created %3</numerusform>
            </translation>
        </message>
        <message>
            <source>Seq</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Failed at</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Attempts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::FailedOutboxPanel</name>
        <message>
            <source>Re&amp;load</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the failed outbox records from the daemon again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Re&amp;try selected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Put the selected records back in the outbox's line; the relay sends them again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No daemon API is set. Enter the daemon's URL and an admin token (taskstreamd token --role admin) in the Tasks tab, or start the embedded sandbox, then reload.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the failed outbox records…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No failed outbox records: the relay delivered everything it was given.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) could not be delivered. Fix the cause (the reason says what), then retry them.</source>
            <translation>
                <numerusform>%n outbox record could not be delivered. Fix the cause (the reason says what), then retry it.</numerusform>
                <numerusform>%n outbox records could not be delivered. Fix the cause (the reason says what), then retry them.</numerusform>
            </translation>
        </message>
        <message>
            <source>The failed outbox records could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select the outbox records to retry first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>record %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) could not be put back in line: %1</source>
            <translation>
                <numerusform>%n outbox record could not be put back in line: %1</numerusform>
                <numerusform>%n outbox records could not be put back in line: %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n outbox record(s) are back in line; the relay sends them again.</source>
            <translation>
                <numerusform>%n outbox record is back in line; the relay sends it again.</numerusform>
                <numerusform>%n outbox records are back in line; the relay sends them again.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::GroupMonitor</name>
        <message>
            <source>Consumer groups could not be listed (%1); showing the catalog's groups. They are listed again on the next refresh.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The lag of the consumer groups could not be read; their status shows ERR with the reason. It is read again on the next refresh.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::GroupStatusEvaluator</name>
        <message>
            <source>%1: no samples yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: no lag</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag %2 and nothing committed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag %2 and the group has no members</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag %2; waiting for more samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag %2 and no commit for %3 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag %2 while the committed offset stays at %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: lag grew from %2 to %3 while offsets advance</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: committing, lag %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>lag could not be read: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no partitions to watch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>all partitions committing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no lag</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1 (and %n more partition(s))</source>
            <translation>
                <numerusform>%1 (and %n more partition)</numerusform>
                <numerusform>%1 (and %n more partitions)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::GroupsPanel</name>
        <message>
            <source>Reset &amp;offsets…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Move the committed offsets of the selected group, once its consumers are stopped (Ctrl+Shift+O)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a consumer group to reset its offsets.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect to a cluster to reset the offsets of %1.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The offsets of %1 cannot be reset while it has active members (state %2, %n member(s)); Kafka refuses it too. Stop its consumers, then reset.</source>
            <translation>
                <numerusform>The offsets of %1 cannot be reset while it has active members (state %2, %n member); Kafka refuses it too. Stop its consumers, then reset.</numerusform>
                <numerusform>The offsets of %1 cannot be reset while it has active members (state %2, %n members); Kafka refuses it too. Stop its consumers, then reset.</numerusform>
            </translation>
        </message>
        <message>
            <source>unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The lag of %1 has not been read yet; reset its offsets after the next refresh.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kafka refused to reset the offsets of %1: it has active members. Stop its consumers, then reset.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The offsets of %1 could not be reset (%2).</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Reset the offsets of %1 on %n partition(s).</source>
            <translation>
                <numerusform>Reset the offsets of %1 on %n partition.</numerusform>
                <numerusform>Reset the offsets of %1 on %n partitions.</numerusform>
            </translation>
        </message>
        <message>
            <source>Acknowledge &amp;gap…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The selected partition is stalled: its next records are gone from the broker. Skip them and go on from the oldest record still there (admin)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a stalled partition to acknowledge its gap.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>offsets %1 to %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the records from offset %1 on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Acknowledge gap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 of %2 [%3] are gone from the broker. Group %4 skips them for good and goes on from the oldest record still there. The acknowledgement is written to the audit log.

Acknowledge the gap?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The gap of %1 [%2] in %3 was not acknowledged: %4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 [%2] in %3 goes on from offset %4; offsets %5 to %6 were skipped.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The console is read-only: offsets cannot be reset.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::HealthEvaluator</name>
        <message>
            <source>Groups: unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No consumer group has been judged yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: %2 — %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Groups: OK</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>All %n consumer group(s) keep up</source>
            <translation>
                <numerusform>The %n consumer group keeps up</numerusform>
                <numerusform>All %n consumer groups keep up</numerusform>
            </translation>
        </message>
        <message>
            <source>Groups: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: %2 record(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DLQ: unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The dead-letter queues have not been read yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DLQ: empty</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>No record in any of the %n dead-letter queue(s)</source>
            <translation>
                <numerusform>No record in the %n dead-letter queue</numerusform>
                <numerusform>No record in any of the %n dead-letter queues</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>DLQ: %1 records in %n queue(s)</source>
            <translation>
                <numerusform>DLQ: %1 records in %n queue</numerusform>
                <numerusform>DLQ: %1 records in %n queues</numerusform>
            </translation>
        </message>
        <message>
            <source>Outbox: unknown (no daemon API set)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Set the daemon's URL and token in the connection profile to see its outbox</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbox: unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Asking the daemon…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon did not answer: %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) could never be delivered (see Dead-letter queues › Failed outbox records)</source>
            <translation>
                <numerusform>%n record could never be delivered (see Dead-letter queues › Failed outbox records)</numerusform>
                <numerusform>%n records could never be delivered (see Dead-letter queues › Failed outbox records)</numerusform>
            </translation>
        </message>
        <message>
            <source>Outbox: stuck</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) pending, the oldest for %1: the relay does not publish</source>
            <translation>
                <numerusform>%n record pending for %1: the relay does not publish</numerusform>
                <numerusform>%n records pending, the oldest for %1: the relay does not publish</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Outbox: %n pending, oldest %1</source>
            <translation>
                <numerusform>Outbox: %n pending, oldest %1</numerusform>
                <numerusform>Outbox: %n pending, oldest %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Records committed and not yet acknowledged by Kafka</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbox: OK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing waits to be published</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::LagChart</name>
        <message>
            <source>Lag over time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag over time: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a consumer group to see its lag over time.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Collecting samples: the chart appears after the second refresh.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>last %n second(s)</source>
            <translation>
                <numerusform>last %n second</numerusform>
                <numerusform>last %n seconds</numerusform>
            </translation>
        </message>
        <message>
            <source>%1, now %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::LiveEventsModel</name>
        <message>
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Deleted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>late</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>on time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(reminder; the task's title was not seen in this view)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(reminder due %1; the task's title was not seen in this view)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>reminder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>changed by someone else</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::LivePanel</name>
        <message>
            <source>Filter by user (id or demo name)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All types</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop reading new events; resume catches up (Ctrl+Shift+P)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>C&amp;lear</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resume</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clear</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The live view cannot read %1 (%2).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not reading: connect to a cluster with the topic %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kafka topics (every user)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Daemon feed (one user)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the broadcast topics directly, or the daemon's WebSocket feed as the user in the filter sees it (needs the daemon's URL and token, or the sandbox)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon's feed needs its URL and a token: enter them in the Tasks tab, or start the embedded sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter the user whose feed to show in the user filter (a demo user's name or a user id).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon's feed failed (%1). Check the daemon's URL and token, then choose the feed again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Part of what the feed missed while paused is no longer available (%1).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not connected to the daemon's feed.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n event(s) shown.</source>
            <translation>
                <numerusform>%n event shown.</numerusform>
                <numerusform>%n events shown.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %n event(s) shown (filtered).</source>
            <translation>
                <numerusform>%1 of %n event shown (filtered).</numerusform>
                <numerusform>%1 of %n events shown (filtered).</numerusform>
            </translation>
        </message>
        <message>
            <source>Paused.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the daemon's feed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading %1 and %2.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Paused. %n event(s) shown.</source>
            <translation>
                <numerusform>Paused. %n event shown.</numerusform>
                <numerusform>Paused. %n events shown.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reading %1 and %2. %n event(s) shown.</source>
            <translation>
                <numerusform>Reading %1 and %2. %n event shown.</numerusform>
                <numerusform>Reading %1 and %2. %n events shown.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reading the daemon's feed. %n event(s) shown.</source>
            <translation>
                <numerusform>Reading the daemon's feed. %n event shown.</numerusform>
                <numerusform>Reading the daemon's feed. %n events shown.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::MainWindow</name>
        <message>
            <source>&amp;Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect to the bootstrap servers given in the connection bar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start embedded &amp;sandbox</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start an in-memory Kafka cluster with the catalog's topics and connect to it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit &amp;bootstrap servers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read brokers, topics and watermarks again now (F5)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refresh &amp;automatically</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Refresh every %n second(s)</source>
            <translation>
                <numerusform>Refresh every second</numerusform>
                <numerusform>Refresh every %n seconds</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Hide internal topics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hide topics whose names start with "__", such as __consumer_offsets</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Expand all topics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Collapse all topics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Find topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Cluster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Bootstrap servers:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>HOST:PORT, several separated by commas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kafka brokers to ask for the cluster's metadata, for example localhost:9092 or kafka-0:9092,kafka-1:9092 (Ctrl+L)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start embedded sandbox</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (Ctrl+Shift+S)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brokers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Filter topics by name (Ctrl+F)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Starting the embedded sandbox…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refreshed at %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Embedded sandbox – Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 – Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not connected. Enter bootstrap servers and press Connect, or start the embedded sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connecting to %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected to %1: %2, %3</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n broker(s)</source>
            <translation>
                <numerusform>%n broker</numerusform>
                <numerusform>%n brokers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n topic(s)</source>
            <translation>
                <numerusform>%n topic</numerusform>
                <numerusform>%n topics</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 is not answering; retrying.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;Taskstream Console&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Administration console for the Taskstream event backbone on Apache Kafka.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, version 2.0.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Topics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Consumer &amp;groups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Dead-letter queues</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>D&amp;LQ</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Consumer groups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dead-letter queues</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo &amp;load</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Create, update and complete demo tasks through the sandbox's API</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Messages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>L&amp;ive broadcasts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;asks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Sandbox</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Li&amp;ve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Messages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Live broadcasts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tasks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sandbox ready: the task API serves at %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Co&amp;nnections…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved connection profiles: security settings, test, connect (Ctrl+Shift+L)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A&amp;udit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Groups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Audit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no connection profile "%1". Open Cluster &gt; Connections… (Ctrl+Shift+L) to create it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connection profile "%1" cannot be used: %2 Fix it in Cluster &gt; Connections….</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Password for %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Password of %1 (%2) on %3:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2) – Taskstream Console</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 [read-only]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read-only (--read-only)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read-only (profile %1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Produce…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Compose a record (an event in a form, or text) and send it (Ctrl+Shift+K)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Reminders</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reminders</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A record was sent to %1, partition %2, offset %3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notifications</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delivery</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::MessageBar</name>
        <message>
            <source>Hide this message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hide message</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::MessageSearchBar</name>
        <message>
            <source>From</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search topic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export JSON lines…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only records written at or after this time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only records written at or before this time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key contains</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value contains</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Header (name or name=words)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the matches as JSON lines, one record a line</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1 of about %2 records read, %n match(es)</source>
            <translation>
                <numerusform>%1 of about %2 records read, %n match</numerusform>
                <numerusform>%1 of about %2 records read, %n matches</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n match(es)</source>
            <translation>
                <numerusform>%n match</numerusform>
                <numerusform>%n matches</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> in %n record(s) read</source>
            <translation>
                <numerusform> in %n record read</numerusform>
                <numerusform> in %n records read</numerusform>
            </translation>
        </message>
        <message>
            <source>; cancelled</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n match(es) written to %1</source>
            <translation>
                <numerusform>%n match written to %1</numerusform>
                <numerusform>%n matches written to %1</numerusform>
            </translation>
        </message>
        <message>
            <source>The matches could not be written to %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect to a cluster and choose a topic first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The search's time range ends before it starts.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Searching %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export matches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>JSON lines (*.jsonl *.ndjson);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the whole topic (or the chosen partition) in the background and keep the records that match</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::MessagesModel</name>
        <message>
            <source>The value did not decode: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::MessagesPanel</name>
        <message>
            <source>Last records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Beginning</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where to start reading in each partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> per partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>at most </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The view keeps at most this many records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the topic's records from the chosen position (Ctrl+Shift+M)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Copy as JSON</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy the selected records, or all shown, as JSON (Ctrl+Shift+C)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Filter by key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Filter by type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Filter by text</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a record to see it decoded, with its key and headers.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topic:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>from</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) read; stopped: %1</source>
            <translation>
                <numerusform>%n record read; stopped: %1</numerusform>
                <numerusform>%n records read; stopped: %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Reading the topic failed (%1). Check the connection and read again.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) read</source>
            <translation>
                <numerusform>%n record read</numerusform>
                <numerusform>%n records read</numerusform>
            </translation>
        </message>
        <message>
            <source>all partitions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>partition %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect to a cluster and choose a topic first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading %1…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) copied as JSON</source>
            <translation>
                <numerusform>%n record copied as JSON</numerusform>
                <numerusform>%n records copied as JSON</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>The value (%n byte(s)) as hex and text:</source>
            <translation>
                <numerusform>The value (%n byte) as hex and text:</numerusform>
                <numerusform>The value (%n bytes) as hex and text:</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::NotificationsModel</name>
        <message>
            <source>Reminder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Changed by someone else</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>due %1; fired late</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>due %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>created by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completed by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>deleted by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>changed by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>read %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Made</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Details</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::NotificationsPanel</name>
        <message>
            <source>a user's id</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Whose notifications to show: a demo user, or any user's id</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unread only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read this user's notifications from the daemon again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notifications are read through the daemon's API with an admin token.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>'%1' is not a user's id (a UUID such as 0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading a user's notifications needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading notifications…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notifications could not be read: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the notifications failed (%1). Check the daemon URL and that the token is an admin token.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> (the newest %1 only)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n notification(s)</source>
            <translation>
                <numerusform>%n notification</numerusform>
                <numerusform>%n notifications</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>; %n unread in all</source>
            <translation>
                <numerusform>; %n unread in all</numerusform>
                <numerusform>; %n unread in all</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::OffsetResetPlanModel</name>
        <message>
            <source>offsets unknown (%1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no watermarks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is outside what the partition keeps (%2 to %3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>looking up the offset for that time…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no offset for that time: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the broker gave no offset for that time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no record at or after that time: the end</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 → %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Committed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New offset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lag change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n unread record(s) skipped: the group never processes them</source>
            <translation>
                <numerusform>%n unread record skipped: the group never processes it</numerusform>
                <numerusform>%n unread records skipped: the group never processes them</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ProduceDialog</name>
        <message>
            <source>Key from the event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Must decode as a Taskstream event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Send</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Produce a record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>by key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The partition to write to; "by key" lets the partitioner choose from the key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use the event's key field (as Taskstream publishes it) as the record key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Header</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add header</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remove header</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Taskstream event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Text</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Avro, single-object</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Avro, Confluent (Schema Registry)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CloudEvents JSON</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Format:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The record's value as UTF-8 text (empty: no value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decode the value with Taskstream's codecs before sending and refuse it when that fails</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Validate the record, then send it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Topic:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Headers:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Value:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit and resend %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit dead letter %1 and send the result to its original topic %2. The dead letter stays in the DLQ; the new record carries replay headers that say where it came from.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(unknown: choose one)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The dead letter's value is not UTF-8 text; invalid bytes show as replacement characters. It does not decode: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The dead letter's value does not decode: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect to a cluster first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the topic to write to.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Confluent framing needs a Schema Registry: set one in the connection profile, or choose another format.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The event is not complete: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Encoding…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decoding the value to check it…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The event could not be encoded (%1): %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decoding the encoded value to check it…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not sent: the value does not decode (%1): %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not sent: the encoded value decodes to a different event than the form describes.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The producer could not be opened: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sending to %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The record was refused: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not delivered to %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sent to %1, partition %2, offset %3.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::RecordAgeReader</name>
        <message>
            <source>no offset to read from</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the reader could not be opened (%1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the record at offset %1 has no time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no record arrived within %1 ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the partition could not be read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (last error: %2)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::RemindersModel</name>
        <message>
            <source>since %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no member</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the connected daemon</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the connected daemon (%1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 min %2 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its task is completed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its task was deleted.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its task is not in the daemon's database (erased, or the scheduler writes to another database).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fired at %1, %2 after its time%3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> (late: more than 60 s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dismissed at %1; a dismissed reminder never fires.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Completing or deleting a task dismisses its pending reminders.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending: due in %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its timer is armed by the owner of partition %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its timer is armed by the owner of partition %1: %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Overdue by %1 and still pending. Why it has not fired:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The scheduler dismisses the reminders of a completed or deleted task when it reads that event: check reminder-scheduler-cg's lag and DLQ.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No partition is recorded: reminder-trigger-cg has not read its ReminderScheduled yet, so no instance arms its timer. Check that group's lag and DLQ.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition %1 of todo.reminders.events is stalled for reminder-trigger-cg (%2): acknowledge the gap in the Consumer groups tab.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No member of reminder-trigger-cg owns partition %1: is a daemon with the reminder-trigger role running?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition %1 is owned by %2, which should have fired it: look at that member's log (taskstream.reminders) for database errors.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connected daemon owns partition %1 and should have fired it: look at its log (taskstream.reminders) for database errors.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connected daemon does not own partition %1 and the broker cannot tell which member does: check the other daemons with the reminder-trigger role.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connected daemon runs no reminder trigger and the broker cannot tell which member owns partition %1: is a daemon with the reminder-trigger role running?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pending (overdue)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fired (late)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fired</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>dismissed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 late</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stalled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1, stalled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>open</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>deleted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>missing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Due</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lateness</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Owner</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::RemindersPanel</name>
        <message>
            <source>All reminders</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fired</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dismissed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read reminders &amp;again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read every user's reminders from the daemon again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a reminder to see why it fired, or why it did not.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reminders are read through the daemon's API with an admin token.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading every user's reminders needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading reminders…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The reminders could not be read: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the reminders failed (%1). Check the daemon URL and that the token is an admin token.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n reminder(s)</source>
            <translation>
                <numerusform>%n reminder</numerusform>
                <numerusform>%n reminders</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>; %n pending past its time</source>
            <translation>
                <numerusform>; %n pending past its time</numerusform>
                <numerusform>; %n pending past their time</numerusform>
            </translation>
        </message>
        <message>
            <source> (the first %1 only)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::ReplayDialog</name>
        <message>
            <source>would replay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>replayed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>refused</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>already replayed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>failed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replay preview</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replay result</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing has been published yet.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n record(s) replayed.</source>
            <translation>
                <numerusform>%n record replayed.</numerusform>
                <numerusform>%n records replayed.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n refused.</source>
            <translation>
                <numerusform>%n refused.</numerusform>
                <numerusform>%n refused.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n already replayed.</source>
            <translation>
                <numerusform>%n already replayed.</numerusform>
                <numerusform>%n already replayed.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n failed.</source>
            <translation>
                <numerusform>%n failed.</numerusform>
                <numerusform>%n failed.</numerusform>
            </translation>
        </message>
        <message>
            <source>DLQ record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New offset</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Replay %n record(s)</source>
            <translation>
                <numerusform>Replay %n record</numerusform>
                <numerusform>Replay %n records</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n refused (loop guard or discarded; the list says why).</source>
            <translation>
                <numerusform>%n refused (loop guard or discarded; the list says why).</numerusform>
                <numerusform>%n refused (loop guard or discarded; the list says why).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Dry run: %n record(s) would go back to their original topic, processed only by the group that dead-lettered each (the Group column); other groups on the topic skip them.</source>
            <translation>
                <numerusform>Dry run: %n record would go back to its original topic, processed only by the group that dead-lettered it (the Group column); other groups on the topic skip it.</numerusform>
                <numerusform>Dry run: %n records would go back to their original topic, processed only by the group that dead-lettered each (the Group column); other groups on the topic skip them.</numerusform>
            </translation>
        </message>
        <message>
            <source>Group</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>every group on the topic</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Dry run: %n record(s) would go back to their original topic.</source>
            <translation>
                <numerusform>Dry run: %n record would go back to their original topic.</numerusform>
                <numerusform>Dry run: %n records would go back to their original topic.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::ResetOffsetsDialog</name>
        <message>
            <source>Reset offsets of %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All topics of the group</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Earliest (the oldest record kept)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Latest (skip everything unread)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A time (the first record at or after it)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An offset of one partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Topic:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset &amp;to:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;ime:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Partition:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Offset:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preview (nothing changes until you confirm):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose one topic to set the offset of one of its partitions.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The group has no such partition.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset offsets</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Reset the committed offsets of group "%1" on %n partition(s)? Its consumers read from the new offsets when they start again.</source>
            <translation>
                <numerusform>Reset the committed offsets of group "%1" on %n partition? Its consumers read from the new offsets when they start again.</numerusform>
                <numerusform>Reset the committed offsets of group "%1" on %n partitions? Its consumers read from the new offsets when they start again.</numerusform>
            </translation>
        </message>
        <message>
            <source>Reset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resetting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: the group has active members. Stop its consumers, then reset (%1).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The reset failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Reset %n partition(s).</source>
            <translation>
                <numerusform>Reset %n partition.</numerusform>
                <numerusform>Reset %n partitions.</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Group name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group state: %1, no active members.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>State unknown: the broker cannot tell whether group "%1" has live consumers. Make sure they are stopped, then type the group's name to reset.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>This reset skips %n unread record(s)</source>
            <translation>
                <numerusform>This reset skips %n unread record</numerusform>
                <numerusform>This reset skips %n unread records</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>on %n partition(s): the group never processes them.</source>
            <translation>
                <numerusform>on %n partition: the group never processes them.</numerusform>
                <numerusform>on %n partitions: the group never processes them.</numerusform>
            </translation>
        </message>
        <message>
            <source>For that time the broker answered "the end" (no record at or after it, or a broker that cannot look records up by time).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The group's state is unknown: its consumers may be running.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::SearchWorker</name>
        <message numerus="yes">
            <source>stopped at %n match(es)</source>
            <translation>
                <numerusform>stopped at %n match</numerusform>
                <numerusform>stopped at %n matches</numerusform>
            </translation>
        </message>
        <message>
            <source>stopped after reading %1 records</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::TaskDialog</name>
        <message>
            <source>Due</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Low</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Medium</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>High</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Priority:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Due date:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>comma-separated, e.g. work, urgent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>daily, weekly, monthly or an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO,WE; needs a due date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the due date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the completion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When a repeating task is done, the next one is due at the pattern's next time after its due date (and after the completion), or counted from the completion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>minutes before the due date, e.g. 10, 60 (empty: the daemon's default)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;ags:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Repeats:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Counted &amp;from:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Reminders:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A task needs a title.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>At most 20 tags.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A tag has at most 64 characters ("%1…").</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>At most 10 reminders.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reminders are whole minutes from 0 to a year before the due date ("%1").</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Repeats and reminders need a due date.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::TasksModel</name>
        <message>
            <source>completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>High</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Low</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Medium</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Priority</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Due</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tags</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Id</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::TasksPanel</name>
        <message>
            <source>http://HOST:PORT of taskstreamd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a token from `taskstreamd token --user ID`</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A demo user of the sandbox, or a user id (UUID)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Re&amp;load</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the user's tasks again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;New task…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Create a task for the user</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit the selected task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Complete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark the selected task completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete the selected task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Token:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Daemon API:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>issued by the sandbox for each user</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not a user: pick a demo user or enter a user id (a UUID).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n task(s)</source>
            <translation>
                <numerusform>%n task</numerusform>
                <numerusform>%n tasks</numerusform>
            </translation>
        </message>
        <message>
            <source>The task was deleted.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete the task "%1"? The API keeps no way to bring it back.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::TopicBrowser</name>
        <message numerus="yes">
            <source>reading %1 timed out after %n record(s)</source>
            <translation>
                <numerusform>reading %1 timed out after %n record</numerusform>
                <numerusform>reading %1 timed out after %n records</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>taskstream::console::TopicsModel</name>
        <message numerus="yes">
            <source>%n partition(s) need attention; expand the topic for details</source>
            <translation>
                <numerusform>%n partition needs attention; expand the topic for details</numerusform>
                <numerusform>%n partitions need attention; expand the topic for details</numerusform>
            </translation>
        </message>
        <message>
            <source>Replication factor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Metadata error: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No leader: the partition is offline until a replica takes over</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Under-replicated: %1 of %2 replicas in sync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Watermarks could not be read: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partition %1 of %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In-sync replicas: brokers whose copy of the partition is up to date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset of the oldest record still kept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offset the next record will get</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Records kept: high watermark minus low watermark</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topic / partition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partitions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Leader</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replicas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In sync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Low watermark</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>High watermark</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Messages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>forever</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1/s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>—</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not in the topic catalog: the broker's retention setting is not read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Known from the second refresh on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How long records are kept, as the topic catalog sets it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Records produced per second: the change of the high watermark between the last two refreshes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Produce rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The topic catalog's retention (schemas/topics.json); the broker's own setting is not read and may differ</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retention (catalog)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retention</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::VerifyPanel</name>
        <message>
            <source>1h</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start of the window: an age (45s, 90m, 2h, 1d) or an ISO 8601 time with its offset (2026-12-06T10:00:00Z). Empty: the last hour.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>End of the window, written as the start. Empty: now. The window is at most 24 hours.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All groups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events younger than this that are not yet published or processed are in flight, not lost. 0 on a pipeline known to be at rest.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Verify</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reconcile the outbox, the topics and each group's ledger over the window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a group to see its figures and the first events it lost.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Since:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Until:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Settle time:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connected daemon verifies delivery with an admin token; nothing is changed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Verifying delivery needs the daemon's API with an admin token: set the daemon URL and token in the connection profile, or start the sandbox.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Verifying… the daemon reads the outbox, the topics and the ledgers.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Verified in %1 s.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Canceled. The daemon finishes that verification on its own; a new one may have to wait for it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The daemon refused: verifying delivery needs an admin token (%1).</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The daemon cannot verify now (%1); try again in %n second(s).</source>
            <translation>
                <numerusform>The daemon cannot verify now (%1); try again in %n second.</numerusform>
                <numerusform>The daemon cannot verify now (%1); try again in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <source>The daemon cannot verify now (%1); try again later.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The verification failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No verdict: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>taskstream::console::VerifyReportModel</name>
        <message>
            <source>'%1' is not a number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The answer is not a verification report: %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it is not a JSON object</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it has no verdict ('clean')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it has no list of groups ('groups')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a group has no name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>group %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Clean: no event lost, no duplicate effect and no key out of order in %n group(s).</source>
            <translation>
                <numerusform>Clean: no event lost, no duplicate effect and no key out of order in %n group.</numerusform>
                <numerusform>Clean: no event lost, no duplicate effect and no key out of order in %n groups.</numerusform>
            </translation>
        </message>
        <message>
            <source>NOT CLEAN: events lost %1, duplicate effects %2, per-key order violations %3; groups affected: %4 of %5.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source> %n event(s) still in flight.</source>
            <translation>
                <numerusform> %n event still in flight.</numerusform>
                <numerusform> %n events still in flight.</numerusform>
            </translation>
        </message>
        <message>
            <source>Committed from %1 to %2 (%3).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbox: %1 committed, %2 published, %3 marked sent but not on the topic, %4 unpublished past the settle time (%5 failed).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Topics: %1 records read, %2 published more than once, %3 per-key order violations.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Out of order: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>p50 %1 · p99 %2 · max %3 ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group %1 (%2): %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>clean</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>NOT CLEAN</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Expected %1, processed %2, lost %3 (%4 not published, %5 not processed), in flight %6.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Duplicate effects %1, per-key order violations %2.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1 (%n event(s))</source>
            <translation>
                <numerusform>%1 (%n event)</numerusform>
                <numerusform>%1 (%n events)</numerusform>
            </translation>
        </message>
        <message>
            <source>Committed, never published (first %1 of %2):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Published, never processed (first %1 of %2):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>clean, %1 in flight</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lost before the topic: committed in the outbox, never published</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lost after the topic: published, never in the group's ledger</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Neither yet, but younger than the settle time: not counted as lost</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Latency in milliseconds: median, 99th percentile and maximum</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Verdict</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Expected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Processed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not published</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not processed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In flight</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Duplicate effects</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Order violations</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Commit → published</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Published → processed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Commit → processed</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>