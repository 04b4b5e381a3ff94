#include "kafka/KafkaError.h"

#include <librdkafka/rdkafka.h>

namespace taskstream::kafka {

KafkaError::KafkaError(int code, QString message, bool fatal, bool retriable)
    : m_code(code), m_message(std::move(message)), m_fatal(fatal), m_retriable(retriable)
{
}

KafkaError KafkaError::fromRdKafka(int rdCode, const QString &context)
{
    if (rdCode == RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    const auto err = static_cast<rd_kafka_resp_err_t>(rdCode);
    QString msg = QString::fromUtf8(rd_kafka_err2str(err));
    if (!context.isEmpty())
        msg = context + QStringLiteral(": ") + msg;
    // Errors that clear up by themselves: the client retries, so the application may too.
    bool retriable = false;
    switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    case RD_KAFKA_RESP_ERR__WAIT_COORD:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
        retriable = true;
        break;
    default:
        break;
    }
    return KafkaError(rdCode, msg, err == RD_KAFKA_RESP_ERR__FATAL, retriable);
}

QString KafkaError::codeName() const
{
    switch (m_code) {
    case NoError:
        return QStringLiteral("NO_ERROR");
    case InvalidConfig:
        return QStringLiteral("INVALID_CONFIG");
    case InvalidArgument:
        return QStringLiteral("INVALID_ARGUMENT");
    case NotOpen:
        return QStringLiteral("NOT_OPEN");
    case Unsupported:
        return QStringLiteral("UNSUPPORTED");
    case TimedOut:
        return QStringLiteral("TIMED_OUT");
    case GroupNotEmpty:
        return QStringLiteral("GROUP_NOT_EMPTY");
    default:
        return QString::fromUtf8(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(m_code)));
    }
}

QString KafkaError::toString() const
{
    if (!isError())
        return QStringLiteral("no error");
    return codeName() + QStringLiteral(": ") + m_message;
}

} // namespace taskstream::kafka
