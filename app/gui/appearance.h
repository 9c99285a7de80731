#pragma once
// Light, dark, or whatever the desktop says (the default). Qt 6.4 follows the
// platform theme; the explicit choices set a palette on the Fusion style, so
// that they look the same everywhere (also under Xvfb, for screenshots).

#include <QString>

namespace streamscope {

enum class Appearance { System, Light, Dark };

void applyAppearance(Appearance appearance);
QString appearanceName(Appearance appearance);
Appearance appearanceFromName(const QString &name);

} // namespace streamscope
