#pragma once
// A dock's content that may scroll as a whole: forms and panels whose
// minimum height (labels, fields, small tables) would otherwise set the
// main window's minimum, and with it push the window past a laptop's
// 1280×800 screen once every dock of the replay window is shown.

class QWidget;

namespace streamscope {

// content, inside a frameless scroll area that gives it all the room it
// has and a scroll bar when it has less than content's minimum.
QWidget *scrollable(QWidget *content);

} // namespace streamscope
