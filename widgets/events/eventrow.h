#pragma once
// One row of the event table, formatted once off the GUI thread (Wireshark
// caches its packet list's display strings the same way): the strings the
// table shows plus the raw numbers its tooltips need. Views never hold
// event bytes; a row is a few hundred bytes whatever the event's size.

#include "event/event.h"

#include <QString>
#include <cstdint>

namespace streamscope {

struct EventRow {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    std::int64_t timestampMs = -1;
    TimestampType timestampType = TimestampType::NotAvailable;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::int64_t keySize = -1;   // -1: null key
    std::int64_t valueSize = -1; // -1: null value (a tombstone)
    std::int64_t headersSize = 0;
    int headerCount = 0;
    bool keyIsText = true;   // valid UTF-8 (or null)
    bool valueIsText = true;

    // Display strings (common/format.h).
    QString arrival;
    QString timestamp;
    QString topic;
    QString key;
    QString value;
    QString size;

    // Why the event could not be read (a damaged chunk); empty when it was.
    QString error;

    std::int64_t totalSize() const;
};

// Characters of key and value kept for display: the view elides further.
constexpr int kKeyPreviewChars = 64;
constexpr int kValuePreviewChars = 200;

EventRow makeEventRow(const EventView &event, const QString &topic);
// A row for an event that could not be read, with the reason: bad input is
// shown, never dropped (DESIGN.md principle 6).
EventRow unreadableEventRow(std::int64_t seq, const QString &error);

} // namespace streamscope
