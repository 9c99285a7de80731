#pragma once
// A one-line JSON object built field by field, so demo payloads keep their
// field order and number formatting byte for byte (QJsonObject sorts keys and
// formats doubles its own way). Decimals are integers with a scale: no
// floating point, so no rounding that could differ between platforms.

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>

namespace streamscope {

class DemoJson
{
public:
    DemoJson() { m_text.reserve(256); }

    // Values here are ASCII names the demo chose; only '"' and '\' need escaping.
    DemoJson &string(QByteArrayView key, QByteArrayView value)
    {
        field(key);
        m_text += '"';
        for (char c : value) {
            if (c == '"' || c == '\\')
                m_text += '\\';
            m_text += c;
        }
        m_text += '"';
        return *this;
    }

    DemoJson &integer(QByteArrayView key, std::int64_t value)
    {
        field(key);
        m_text += QByteArray::number(qint64(value));
        return *this;
    }

    // scaled / 10^decimals, e.g. decimal("t", 2137, 2) → "t":21.37
    DemoJson &decimal(QByteArrayView key, std::int64_t scaled, int decimals)
    {
        field(key);
        std::int64_t unit = 1;
        for (int i = 0; i < decimals; ++i)
            unit *= 10;
        if (scaled < 0) {
            m_text += '-';
            scaled = -scaled;
        }
        m_text += QByteArray::number(qint64(scaled / unit));
        if (decimals > 0) {
            m_text += '.';
            m_text += QByteArray::number(qint64(scaled % unit)).rightJustified(decimals, '0');
        }
        return *this;
    }

    DemoJson &boolean(QByteArrayView key, bool value)
    {
        field(key);
        m_text += value ? "true" : "false";
        return *this;
    }

    QByteArray finish() const { return m_text.isEmpty() ? QByteArray("{}") : m_text + '}'; }

private:
    void field(QByteArrayView key)
    {
        m_text += m_text.isEmpty() ? '{' : ',';
        m_text += '"';
        m_text += key;
        m_text += "\":";
    }

    QByteArray m_text;
};

} // namespace streamscope
