#include "common/scrollable.h"

#include <QScrollArea>

namespace streamscope {

QWidget *scrollable(QWidget *content)
{
    auto *area = new QScrollArea(content->parentWidget());
    area->setObjectName(content->objectName().isEmpty() ? QStringLiteral("scrollable") : content->objectName() + QStringLiteral("Scroll"));
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(content);
    return area;
}

} // namespace streamscope
