#include "kafka/RdKafkaHelper_p.h"

#include <cstring>

#include <QHash>
#include <QSocketNotifier>

#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcKafka, "taskstream.kafka", QtInfoMsg)

namespace taskstream::kafka::detail {

ConfPtr makeConf(const KafkaConfig &config, KafkaError *error)
{
    ConfPtr conf(rd_kafka_conf_new());
    char errstr[512];
    for (auto it = config.properties().cbegin(); it != config.properties().cend(); ++it) {
        const QByteArray key = it.key().toUtf8();
        const QByteArray value = it.value().toUtf8();
        const rd_kafka_conf_res_t res =
            rd_kafka_conf_set(conf.get(), key.constData(), value.constData(), errstr, sizeof errstr);
        if (res != RD_KAFKA_CONF_OK) {
            if (error) {
                const QString why = res == RD_KAFKA_CONF_UNKNOWN
                                        ? QStringLiteral("unknown Kafka property '%1'").arg(it.key())
                                        : QStringLiteral("invalid value for Kafka property '%1': %2")
                                              .arg(it.key(), QString::fromUtf8(errstr));
                *error = KafkaError(KafkaError::InvalidConfig, why);
            }
            return nullptr;
        }
    }
    return conf;
}

KafkaError takeError(rd_kafka_error_t *err, const QString &context)
{
    if (!err)
        return {};
    ErrorPtr owner(err);
    QString msg = QString::fromUtf8(rd_kafka_error_string(err));
    if (!context.isEmpty())
        msg = context + QStringLiteral(": ") + msg;
    return KafkaError(rd_kafka_error_code(err), msg, rd_kafka_error_is_fatal(err), rd_kafka_error_is_retriable(err));
}

PartitionListPtr toRdList(const TopicPartitionList &list)
{
    PartitionListPtr rl(rd_kafka_topic_partition_list_new(qMax(1, int(list.size()))));
    for (const TopicPartition &tp : list) {
        rd_kafka_topic_partition_t *p =
            rd_kafka_topic_partition_list_add(rl.get(), tp.topic.toUtf8().constData(), tp.partition);
        p->offset = tp.offset;
    }
    return rl;
}

TopicPartitionList fromRdList(const rd_kafka_topic_partition_list_t *list)
{
    TopicPartitionList out;
    if (!list)
        return out;
    out.reserve(list->cnt);
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t &p = list->elems[i];
        out.append({QString::fromUtf8(p.topic), int(p.partition), qint64(p.offset)});
    }
    return out;
}

namespace {
/// Header names repeat on every record of a topic (ce_id, ce_type, content-type, ...): each is
/// turned into a QString once per thread and shared after that, not allocated per record.
QString headerName(const char *name)
{
    struct Entry
    {
        QByteArray utf8;
        QString name;
    };
    constexpr int kSlots = 64;
    thread_local Entry cache[kSlots];
    const size_t len = std::strlen(name);
    const size_t slot = (qHash(QByteArrayView(name, qsizetype(len))) % kSlots);
    Entry &e = cache[slot];
    if (e.utf8.size() != qsizetype(len) || std::memcmp(e.utf8.constData(), name, len) != 0) {
        e.utf8 = QByteArray(name, qsizetype(len));
        e.name = QString::fromUtf8(e.utf8);
    }
    return e.name;
}
} // namespace

KafkaMessage fromRdMessage(const rd_kafka_message_t *m)
{
    KafkaMessage msg;
    // A batch is mostly one topic: its name is shared, not made again for every record.
    thread_local QByteArray lastName;
    thread_local QString lastTopic;
    const char *name = rd_kafka_topic_name(m->rkt);
    if (lastName != name) {
        lastName = name;
        lastTopic = QString::fromUtf8(lastName);
    }
    msg.topic = lastTopic;
    msg.partition = m->partition;
    msg.offset = m->offset;
    if (m->key)
        msg.key = QByteArray(static_cast<const char *>(m->key), int(m->key_len));
    if (m->payload)
        msg.value = QByteArray(static_cast<const char *>(m->payload), int(m->len));
    rd_kafka_timestamp_type_t tstype;
    const int64_t ts = rd_kafka_message_timestamp(m, &tstype);
    msg.timestampMs = tstype == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? -1 : ts;
    rd_kafka_headers_t *hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
        msg.headers.reserve(qsizetype(rd_kafka_header_cnt(hdrs)));
        const char *name;
        const void *value;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            msg.headers.append(
                {headerName(name), value ? QByteArray(static_cast<const char *>(value), int(size)) : QByteArray()});
    }
    return msg;
}

void logEvent(rd_kafka_event_t *event)
{
    const char *fac = nullptr, *str = nullptr;
    int level = 6;
    if (rd_kafka_event_log(event, &fac, &str, &level) != 0)
        return;
    // syslog levels: 0-3 error, 4 warning, 5-6 info, 7 debug
    if (level <= 3)
        qCWarning(lcKafka, "librdkafka %s: %s", fac, str);
    else if (level == 4)
        qCWarning(lcKafka, "librdkafka %s: %s", fac, str);
    else if (level <= 6)
        qCInfo(lcKafka, "librdkafka %s: %s", fac, str);
    else
        qCDebug(lcKafka, "librdkafka %s: %s", fac, str);
}

QueueNotifier::QueueNotifier(rd_kafka_queue_t *queue, QObject *parent) : QObject(parent), m_queue(queue)
{
    m_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    Q_ASSERT(m_fd >= 0);
    // eventfd reads/writes 8-byte counters; librdkafka writes its payload verbatim.
    static const quint64 one = 1;
    rd_kafka_queue_io_event_enable(m_queue, m_fd, &one, sizeof one);
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QueueNotifier::onActivated);
    // librdkafka signals only the empty -> non-empty edge after enabling: whatever reached the
    // queue before (a CONFWARN log of rd_kafka_new when a consumer property is given to a
    // producer, early broker events) would never wake the owner, and with it stuck at the head
    // nothing after it would either (no delivery report, no message). One wake-up at start
    // serves them.
    rearm();
}

QueueNotifier::~QueueNotifier()
{
    detach();
}

void QueueNotifier::detach()
{
    if (m_queue) {
        rd_kafka_queue_io_event_enable(m_queue, -1, nullptr, 0);
        m_queue = nullptr;
    }
    if (m_notifier) {
        m_notifier->setEnabled(false);
        delete m_notifier;
        m_notifier = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

void QueueNotifier::rearm()
{
    if (m_fd < 0)
        return;
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_fd, &one, sizeof one);
}

void QueueNotifier::onActivated()
{
    quint64 counter = 0;
    [[maybe_unused]] const ssize_t n = ::read(m_fd, &counter, sizeof counter);
    ++m_wakeups;
    emit readyRead();
}

} // namespace taskstream::kafka::detail
