#pragma once
// "clicks": user click streams on topic clicks, keyed by user id — the
// input of session windows.
//
// 300 users alternate between activity and silence: a visit is 5–30 clicks,
// mostly 1–6 s apart (sometimes up to 20 s, reading a page), then the user is
// away for 30 s–5 min. So within a user's stream consecutive clicks are
// either at most 20 s apart (same visit) or at least 30 s apart (a new
// visit): a 30 s session gap separates visits exactly. Clicks are sent 0–0.8
// s after their event time ("ts"). About 21 events/s.

#include "demo/demoscenario.h"

#include <queue>

namespace streamscope {

class ClicksScenario final : public DemoScenario
{
public:
    static constexpr int kUsers = 300;
    static constexpr int kMinVisitClicks = 5;
    static constexpr int kMaxVisitClicks = 30;
    static constexpr std::int64_t kMaxClickSpacingMs = 20000;
    static constexpr std::int64_t kMinGapMs = 30000;
    static constexpr std::int64_t kMaxGapMs = 300000;
    static constexpr std::int64_t kMaxSendDelayMs = 800;

    explicit ClicksScenario(const DemoScenarioConfig &config);
    static DemoScenarioInfo describe();

protected:
    void generate() override;

private:
    struct User {
        QByteArray id;
        const char *device;
        const char *country;
        int clicksLeft = 0; // in the current visit
        QByteArray page;
    };
    void emitClick(User &user, std::int64_t eventTimeMs);

    std::vector<User> m_users;
    std::priority_queue<std::pair<std::int64_t, int>, std::vector<std::pair<std::int64_t, int>>, std::greater<>> m_due;
};

} // namespace streamscope
