#pragma once

// Set-up shared by the console tests that drive a MainWindow connected to its sandbox (embedded
// broker and taskstreamd in process) and play the audit-log-cg group themselves.

#include "ClusterMonitor.h"
#include "MainWindow.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaProducer.h"
#include "kafka/KafkaTypes.h"
#include "runtime/NodeConfig.h"

#include <memory>

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace testsupport {

/// For initTestCase(): settings in test mode under the test's own name, emptied; the metatypes
/// queued signals carry.
inline void initConsoleTest(const char *applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
    QSettings().clear();
    qRegisterMetaType<taskstream::kafka::DeliveryReport>();
    qRegisterMetaType<taskstream::kafka::KafkaError>();
    qRegisterMetaType<taskstream::kafka::TopicPartitionList>();
}

/// For init(): a shown main window refreshing every 500 ms, connected to a sandbox whose daemon
/// runs every role but audit, so the audit-log-cg group is the test's to play. Sets \a window and
/// \a bootstrap; on failure the test has failed (check QTest::currentTestFailed()).
inline void openSandboxWindow(std::unique_ptr<taskstream::console::MainWindow> &window, QString &bootstrap,
                              int timeoutMs)
{
    using taskstream::console::ClusterMonitor;
    window = std::make_unique<taskstream::console::MainWindow>();
    window->monitor()->setRefreshInterval(500);
    QStringList roles = taskstream::runtime::NodeConfig::allRoles();
    roles.removeAll(QStringLiteral("audit"));
    window->monitor()->setSandboxRoles(roles);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QVERIFY(window->startSandbox());
    QVERIFY(QTest::qWaitFor([&] { return window->monitor()->state() == ClusterMonitor::State::Connected; }, timeoutMs));
    bootstrap = window->monitor()->bootstrapServers();
}

} // namespace testsupport
