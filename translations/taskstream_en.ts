<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>Administration console for the Taskstream event backbone on Apache Kafka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect at start to the Kafka brokers &lt;servers&gt;, given as HOST:PORT, several separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the embedded sandbox (an in-memory Kafka cluster) and connect to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; (PNG) after the first refresh, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; see --help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;; give the brokers with --bootstrap-servers HOST:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sandbox and --bootstrap-servers exclude each other; give one of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--bootstrap-servers &apos;%1&apos; is not valid: write HOST:PORT, several separated by commas (for example localhost:9092)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::BrokersModel</name>
    <message>
        <source>Broker %1 at %2:%3 answered the last metadata request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker %1 at %2:%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions this broker leads: it serves their reads and writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions this broker holds a copy of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::ClusterMonitor</name>
    <message>
        <source>Enter the bootstrap servers as HOST:PORT, several separated by commas (for example localhost:9092), or start the embedded sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid bootstrap list: write HOST:PORT, several separated by commas (for example localhost:9092,kafka-2:9092).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: the Kafka client refused the settings (%2). Check the bootstrap servers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded sandbox did not start (%1). Connect to a Kafka cluster instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox started but some topics of the catalog could not be created (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost the connection to %1 (%2); showing data from %3. Retrying on every refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach Kafka at %1 (%2). Check that the brokers are running and the address is right, or start the embedded sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watermarks could not be read (%1); message counts may be out of date. They are read again on the next refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused or broken</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>security settings rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the cluster listed no brokers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::ConsumerGroupsModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A consumer group of the catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A consumer group the broker lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group / partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqPanel</name>
    <message>
        <source>Read DLQ records &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the records of the selected DLQ topic again (Ctrl+Shift+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview, then replay the selected records to their original topic (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay &amp;all…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview, then replay every record shown to its original topic (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the records shown as a JSON file (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a DLQ topic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the records of one error class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All error classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Error class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a record to see its decoded payload and headers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The records of %1 could not all be read (%2); showing %n record(s) read so far. Read again with Ctrl+Shift+B.</source>
        <translation>
            <numerusform>The records of %1 could not all be read (%2); showing %n record read so far. Read again with Ctrl+Shift+B.</numerusform>
            <numerusform>The records of %1 could not all be read (%2); showing %n records read so far. Read again with Ctrl+Shift+B.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n record(s)</source>
        <translation>
            <numerusform>%1: %n record</numerusform>
            <numerusform>%1: %n records</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaying needs a ledger of replayed records, which could not be opened (%1). Check that the console&apos;s data folder is writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the DLQ records to replay first.</source>
        <translation type="unfinished"></translation>
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
    <message numerus="yes">
        <source>%n refused by the loop guard.</source>
        <translation>
            <numerusform>%n refused by the loop guard.</numerusform>
            <numerusform>%n refused by the loop guard.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export DLQ records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The records could not be saved to %1 (%2). Choose another place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved %n record(s) to %1.</source>
        <translation>
            <numerusform>Saved %n record to %1.</numerusform>
            <numerusform>Saved %n records to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqRecordsModel</name>
    <message>
        <source>The payload does not decode: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orig. partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orig. offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::DlqTopicsModel</name>
    <message>
        <source>watermarks unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>topic %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DLQ topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::GroupMonitor</name>
    <message>
        <source>Consumer groups could not be listed (%1); showing the catalog&apos;s groups. They are listed again on the next refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lag of the consumer groups could not be read; their status shows ERR with the reason. It is read again on the next refresh.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::GroupStatusEvaluator</name>
    <message>
        <source>%1: no samples yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag %2 and nothing committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag %2 and the group has no members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag %2; waiting for more samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag %2 and no commit for %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag %2 while the committed offset stays at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: lag grew from %2 to %3 while offsets advance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: committing, lag %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lag could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no partitions to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all partitions committing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no lag</source>
        <translation type="unfinished"></translation>
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
    <name>taskstream::console::LagChart</name>
    <message>
        <source>Lag over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag over time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a consumer group to see its lag over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collecting samples: the chart appears after the second refresh.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::MainWindow</name>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the bootstrap servers given in the connection bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start embedded &amp;sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start an in-memory Kafka cluster with the catalog&apos;s topics and connect to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;bootstrap servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read brokers, topics and watermarks again now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;automatically</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide topics whose names start with &quot;__&quot;, such as __consumer_offsets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expand all topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Collapse all topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Taskstream Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOST:PORT, several separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka brokers to ask for the cluster&apos;s metadata, for example localhost:9092 or kafka-0:9092,kafka-1:9092 (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start embedded sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter topics by name (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the embedded sandbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshed at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taskstream Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded sandbox – Taskstream Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – Taskstream Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected. Enter bootstrap servers and press Connect, or start the embedded sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1: %2, %3</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Taskstream Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Taskstream Console&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Administration console for the Taskstream event backbone on Apache Kafka.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, version 2.0.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer &amp;groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dead-letter queues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;LQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead-letter queues</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::MessageBar</name>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskstream::console::ReplayDialog</name>
    <message>
        <source>would replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay result</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n record(s) would go back to their original topic.</source>
        <translation>
            <numerusform>Dry run: %n record would go back to their original topic.</numerusform>
            <numerusform>Dry run: %n records would go back to their original topic.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by the loop guard.</source>
        <translation>
            <numerusform>%n refused by the loop guard.</numerusform>
            <numerusform>%n refused by the loop guard.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing has been published yet.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Replay %n record(s)</source>
        <translation>
            <numerusform>Replay %n record</numerusform>
            <numerusform>Replay %n records</numerusform>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No leader: the partition is offline until a replica takes over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas in sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watermarks could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-sync replicas: brokers whose copy of the partition is up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset of the oldest record still kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset the next record will get</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records kept: high watermark minus low watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic / partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
