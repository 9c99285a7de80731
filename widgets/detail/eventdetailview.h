#pragma once
// Everything about one event: its payload as a JSON tree, as text and as a
// hex dump, its headers and its Kafka metadata.
//
// Bad input is data (DESIGN.md principle 6): a payload that is not JSON is
// shown as text or hex with the reason ("not JSON: …"); bytes that are not
// UTF-8 are escaped; null keys, values and header values are shown as null.
// A payload larger than kPreviewBytes opens at once with its first
// kPreviewBytes as text and hex and no JSON tree; "Show all" lays out and
// parses the whole payload on a worker thread and swaps it in when done
// (the GUI thread never waits).

#include "event/event.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTableWidget;
class QThread;
class QTreeView;

namespace streamscope {

class HexModel;
class JsonTreeModel;
class PayloadTextModel;

class EventDetailView : public QWidget
{
    Q_OBJECT

public:
    enum Tab { JsonTab = 0, TextTab, HexTab, HeadersTab, MetadataTab };
    static constexpr qsizetype kPreviewBytes = 256 * 1024;

    explicit EventDetailView(QWidget *parent = nullptr);
    ~EventDetailView() override;

    void showEvent(const streamscope::Event &event);
    void clear();

    // What is shown (for the main window's status bar and for tests).
    const Event &event() const { return m_event; }
    bool hasEvent() const { return m_hasEvent; }
    bool isTruncated() const { return m_truncated; }
    bool isLoading() const { return m_loading; }
    // "JSON · 312 B", "not JSON: … · shown as text", "null value (a tombstone)"
    QString payloadStatus() const;
    JsonTreeModel *jsonModel() const { return m_jsonModel; }
    PayloadTextModel *textModel() const { return m_textModel; }
    HexModel *hexModel() const { return m_hexModel; }
    QTreeView *jsonView() const { return m_jsonView; }

public slots:
    // Loads all of a truncated payload in the background; allShown() when done.
    void showAll();

signals:
    // "Plot this field over time" on a JSON field: its expression, value.a.b.
    void plotFieldRequested(const QString &path);
    void allShown();

private:
    struct Loaded;
    void buildJsonTab();
    void buildTextTab();
    void buildHexTab();
    void showPayload();
    void showHeaders();
    void showMetadata();
    void applyLoaded(quint64 generation, const std::shared_ptr<Loaded> &loaded);
    void setJsonMessage(const QString &message);
    void chooseTab();
    void updateJsonActions();
    void cancelLoading();

    Event m_event;
    bool m_hasEvent = false;
    bool m_truncated = false;
    bool m_loading = false;
    bool m_isJson = false;
    bool m_utf8 = true;
    QString m_status;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_preferredTab = JsonTab;
    bool m_choosingTab = false;

    QLabel *m_title = nullptr;
    QLabel *m_statusLabel = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QPushButton *m_showAll = nullptr;
    QTabWidget *m_tabs = nullptr;

    QStackedWidget *m_jsonStack = nullptr;
    QTreeView *m_jsonView = nullptr;
    QLabel *m_jsonMessage = nullptr;
    JsonTreeModel *m_jsonModel = nullptr;
    QAction *m_copyValue = nullptr;
    QAction *m_copyPath = nullptr;
    QAction *m_plotField = nullptr;

    QTableView *m_textView = nullptr;
    PayloadTextModel *m_textModel = nullptr;
    QTableView *m_hexView = nullptr;
    HexModel *m_hexModel = nullptr;
    QTableWidget *m_headers = nullptr;
    QTableWidget *m_metadata = nullptr;

    // The worker thread of "Show all"; QObject context for jobs queued to it.
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;
};

} // namespace streamscope
