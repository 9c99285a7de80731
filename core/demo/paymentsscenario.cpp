#include "demo/paymentsscenario.h"

#include "demo/demojson.h"

namespace streamscope {

struct PaymentsScenario::Merchant {
    const char *name;
    const char *category;
    const char *channel;
    std::int64_t minCents;
    std::int64_t maxCents;
};

namespace {

using Merchant = PaymentsScenario::Merchant;

const Merchant kMerchants[] = {
    {"Corner Coffee", "coffee", "contactless", 250, 850},
    {"FreshMart", "grocery", "pos", 800, 16000},
    {"CityFuel", "fuel", "pos", 2500, 12000},
    {"Gadget Hub", "electronics", "ecom", 2999, 149900},
    {"StreamFlix", "subscription", "ecom", 999, 1799},
    {"BookNook", "books", "ecom", 699, 4999},
    {"Pharma Plus", "pharmacy", "pos", 350, 6000},
    {"Metro Transit", "transport", "contactless", 180, 450},
    {"QuickEats", "food_delivery", "ecom", 1200, 4800},
    {"SkyAir", "travel", "ecom", 8900, 89000},
    {"Trattoria Roma", "restaurant", "pos", 1800, 14000},
    {"Gift Card Kiosk", "gift_cards", "ecom", 1000, 20000},
};
// Card testers try small amounts where a card can be checked online.
const Merchant *const kTestingTargets[] = {&kMerchants[11], &kMerchants[3], &kMerchants[4]};

struct Region {
    const char *currency;
    const char *country;
    int weight; // out of 100
};
constexpr Region kRegions[] = {
    {"EUR", "DE", 30}, {"EUR", "FR", 18}, {"EUR", "NL", 12}, {"EUR", "ES", 10},
    {"USD", "US", 15}, {"GBP", "GB", 10}, {"CHF", "CH", 5},
};

} // namespace

DemoScenarioInfo PaymentsScenario::describe()
{
    return {QStringLiteral("payments"), QStringLiteral("payments"), 8, 19.0,
            QStringLiteral("card payments keyed by card: 3 % delivered twice (same payload), bursts per card")};
}

PaymentsScenario::PaymentsScenario(const DemoScenarioConfig &config)
    : DemoScenario(describe(), config), m_startMs(config.baseTimeMs)
{
    DemoRandom &rnd = random();
    m_cards.reserve(kCards);
    for (int i = 0; i < kCards; ++i) {
        std::int64_t roll = rnd.between(0, 99);
        const Region *region = &kRegions[0];
        for (const Region &r : kRegions) {
            region = &r;
            if (roll < r.weight)
                break;
            roll -= r.weight;
        }
        m_cards.push_back(Card{"card-" + QByteArray::number(100000 + i * 37 + rnd.between(0, 36)),
                               region->currency, region->country});
    }
    m_idSalt = rnd.next();
}

const PaymentsScenario::Card &PaymentsScenario::pickCard()
{
    DemoRandom &rnd = random();
    // A few cards are used all the time, most now and then.
    if (rnd.chance(30, 100))
        return m_cards[rnd.below(kBusyCards)];
    return m_cards[rnd.below(m_cards.size())];
}

void PaymentsScenario::generate()
{
    DemoRandom &rnd = random();
    m_startMs += rnd.between(0, kMaxStartGapMs);
    // New payments start in time order and are sent after they happen;
    // bursts were scheduled ahead. Nothing new goes out before m_startMs.
    setHorizon(m_startMs);
    const Card &card = pickCard();
    const Merchant &merchant = rnd.pick(kMerchants);
    emitPayment(card, merchant, rnd.between(merchant.minCents, merchant.maxCents), rnd.chance(3, 100), m_startMs);
    if (rnd.chance(kCardTestingPer1000, 1000))
        startCardTesting(card, m_startMs);
    else if (rnd.chance(kSpreePer1000, 1000))
        startSpree(card, m_startMs);
}

void PaymentsScenario::startCardTesting(const Card &card, std::int64_t fromMs)
{
    DemoRandom &rnd = random();
    const Merchant &merchant = *kTestingTargets[rnd.below(std::size(kTestingTargets))];
    const std::int64_t count = rnd.between(5, 12);
    std::int64_t t = fromMs;
    for (std::int64_t i = 0; i < count; ++i) {
        t += rnd.between(1000, 5000);
        emitPayment(card, merchant, rnd.between(100, 500), rnd.chance(40, 100), t);
    }
}

void PaymentsScenario::startSpree(const Card &card, std::int64_t fromMs)
{
    DemoRandom &rnd = random();
    const std::int64_t count = rnd.between(3, 6);
    std::int64_t t = fromMs;
    for (std::int64_t i = 0; i < count; ++i) {
        t += rnd.between(20000, 120000);
        const Merchant &merchant = rnd.pick(kMerchants);
        emitPayment(card, merchant, rnd.between(merchant.minCents, merchant.maxCents), rnd.chance(3, 100), t);
    }
}

void PaymentsScenario::emitPayment(const Card &card, const Merchant &merchant, std::int64_t amountCents, bool declined,
                                   std::int64_t eventTimeMs)
{
    DemoRandom &rnd = random();
    // splitMix64 is a bijection: distinct counters give distinct ids.
    std::uint64_t idState = m_idSalt + m_payments++;
    const QByteArray paymentId = "pay_" + QByteArray::number(qulonglong(splitMix64(idState)), 16).rightJustified(16, '0');

    DemoEvent event;
    event.partition = partitionFor(card.id);
    event.key = card.id;
    event.value = DemoJson()
                      .string("payment_id", paymentId)
                      .string("card", card.id)
                      .decimal("amount", amountCents, 2)
                      .string("currency", card.currency)
                      .string("merchant", merchant.name)
                      .string("category", merchant.category)
                      .string("channel", merchant.channel)
                      .string("country", card.country)
                      .string("status", declined ? "declined" : "authorized")
                      .integer("ts", eventTimeMs)
                      .finish();
    event.headers = standardHeaders("payment.v1");
    event.headers.append(Header{QByteArrayLiteral("attempt"), QByteArrayLiteral("1")});
    event.timestampMs = eventTimeMs + rnd.between(kSendDelayMinMs, kSendDelayMaxMs);

    if (rnd.chance(kDuplicatePer1000, 1000)) {
        // The producer missed the acknowledgement and sent it again.
        DemoEvent again = event;
        again.headers.last().value = QByteArrayLiteral("2");
        again.timestampMs = event.timestampMs + rnd.between(kRedeliveryMinMs, kRedeliveryMaxMs);
        again.anomaly = DemoEvent::Anomaly::Duplicate;
        schedule(std::move(event));
        schedule(std::move(again));
        return;
    }
    schedule(std::move(event));
}

} // namespace streamscope
