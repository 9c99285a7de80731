#pragma once
// "payments": card payments on topic payments, keyed by card id.
//
// About 14 payments a second start on one of 2,000 cards (a hundred busy
// cards take 30 % of them). Some cards burst: "card testing" — 5–12 small
// online payments 1–5 s apart at one merchant, many declined — and shopping
// sprees of 3–6 payments 20–120 s apart. A payment is sent 20–400 ms after
// its event time ("ts"); 3 % are delivered again 0.3–8 s later with the same
// payload and key (header attempt: 2), as an at-least-once producer does
// after a lost acknowledgement. About 19 events/s in all.

#include "demo/demoscenario.h"

namespace streamscope {

class PaymentsScenario final : public DemoScenario
{
public:
    static constexpr int kCards = 2000;
    static constexpr int kBusyCards = 100;
    static constexpr std::int64_t kMaxStartGapMs = 140; // uniform 0..this between new payments
    static constexpr std::int64_t kSendDelayMinMs = 20;
    static constexpr std::int64_t kSendDelayMaxMs = 400;
    static constexpr int kDuplicatePer1000 = 30;
    static constexpr std::int64_t kRedeliveryMinMs = 300;
    static constexpr std::int64_t kRedeliveryMaxMs = 8000;
    static constexpr int kCardTestingPer1000 = 20;
    static constexpr int kSpreePer1000 = 30;

    struct Merchant;

    explicit PaymentsScenario(const DemoScenarioConfig &config);
    static DemoScenarioInfo describe();

protected:
    void generate() override;

private:
    struct Card {
        QByteArray id;
        const char *currency;
        const char *country;
    };
    void emitPayment(const Card &card, const Merchant &merchant, std::int64_t amountCents, bool declined,
                     std::int64_t eventTimeMs);
    const Card &pickCard();
    void startCardTesting(const Card &card, std::int64_t fromMs);
    void startSpree(const Card &card, std::int64_t fromMs);

    std::vector<Card> m_cards;
    std::int64_t m_startMs; // when the latest new payment happened
    std::uint64_t m_payments = 0;
    std::uint64_t m_idSalt;
};

} // namespace streamscope
