#include "demo/clicksscenario.h"

#include "demo/demojson.h"

namespace streamscope {

namespace {

const char *const kDevices[] = {"mobile", "mobile", "mobile", "desktop", "desktop", "tablet"};
const char *const kCountries[] = {"DE", "DE", "FR", "NL", "ES", "IT", "US", "US", "GB", "PL"};
const char *const kLandingPages[] = {"/", "/", "/search", "/deals", "/blog/winter-sale"};

QByteArray productPage(DemoRandom &rnd) { return "/products/" + QByteArray::number(rnd.between(1000, 1999)); }

} // namespace

DemoScenarioInfo ClicksScenario::describe()
{
    return {QStringLiteral("clicks"), QStringLiteral("clicks"), 8, 21.0,
            QStringLiteral("user click streams keyed by user: visits of clicks seconds apart, then gaps of\n"
                           "30 s-5 min (session windows)")};
}

ClicksScenario::ClicksScenario(const DemoScenarioConfig &config) : DemoScenario(describe(), config)
{
    DemoRandom &rnd = random();
    m_users.reserve(kUsers);
    for (int i = 0; i < kUsers; ++i) {
        User user;
        user.id = "user-" + QByteArray::number(i + 1).rightJustified(4, '0');
        user.device = rnd.pick(kDevices);
        user.country = rnd.pick(kCountries);
        m_users.push_back(user);
        // Some users are already browsing when the demo starts, the others
        // arrive over the first five minutes.
        const std::int64_t firstMs = rnd.chance(40, 100) ? rnd.between(0, 10000) : rnd.between(0, kMaxGapMs);
        m_due.emplace(baseTimeMs() + firstMs, i);
    }
}

void ClicksScenario::generate()
{
    const auto [timeMs, index] = m_due.top();
    m_due.pop();
    // Clicks are taken in time order and sent after: nothing scheduled from
    // here on is sent before timeMs.
    setHorizon(timeMs);
    DemoRandom &rnd = random();
    User &user = m_users[std::size_t(index)];
    if (user.clicksLeft == 0)
        user.clicksLeft = int(rnd.between(kMinVisitClicks, kMaxVisitClicks));
    emitClick(user, timeMs);
    std::int64_t wait;
    if (--user.clicksLeft > 0)
        wait = rnd.chance(85, 100) ? rnd.between(1000, 6000) : rnd.between(6000, kMaxClickSpacingMs);
    else
        wait = rnd.between(kMinGapMs, kMaxGapMs); // the visit is over
    m_due.emplace(timeMs + wait, index);
}

void ClicksScenario::emitClick(User &user, std::int64_t eventTimeMs)
{
    DemoRandom &rnd = random();
    // A small walk through a shop: land, browse products, sometimes buy.
    const char *action = "view";
    const QByteArray page = user.page;
    const std::int64_t roll = rnd.between(0, 99);
    if (page.isEmpty() || page == "/checkout/complete") {
        user.page = rnd.pick(kLandingPages);
    } else if (page.startsWith("/products/")) {
        if (roll < 15) {
            action = "add_to_cart";
        } else if (roll < 40) {
            action = "scroll";
        } else if (roll < 50) {
            user.page = "/cart";
        } else if (roll < 85) {
            action = "click";
            user.page = productPage(rnd);
        } else {
            user.page = "/";
        }
    } else if (page == "/cart") {
        if (roll < 45) {
            action = "checkout";
            user.page = "/checkout";
        } else if (roll < 75) {
            user.page = productPage(rnd);
        } else {
            action = "scroll";
        }
    } else if (page == "/checkout") {
        if (roll < 65) {
            action = "purchase";
            user.page = "/checkout/complete";
        } else {
            user.page = "/cart";
        }
    } else { // a landing page
        if (roll < 65) {
            action = "click";
            user.page = productPage(rnd);
        } else if (roll < 85) {
            action = "scroll";
        } else {
            action = "search";
            user.page = "/search";
        }
    }

    DemoEvent event;
    event.partition = partitionFor(user.id);
    event.key = user.id;
    event.value = DemoJson()
                      .string("user", user.id)
                      .string("page", user.page)
                      .string("action", action)
                      .integer("ts", eventTimeMs)
                      .string("device", user.device)
                      .string("country", user.country)
                      .finish();
    event.headers = standardHeaders("click.v1");
    event.timestampMs = eventTimeMs + rnd.between(0, kMaxSendDelayMs);
    if (user.clicksLeft == 1)
        user.page.clear(); // the next visit lands afresh
    schedule(std::move(event));
}

} // namespace streamscope
