#pragma once

class QHeaderView;
class QWidget;

namespace taskstream {
namespace console {

/// Column headers that are never cut off: sections the user sizes (Interactive, Fixed) are
/// widened to their header text (with the sort indicator and margins) when narrower; sections
/// that size themselves (ResizeToContents, Stretch) are left to Qt.
namespace HeaderFit {
/// The width \a header needs to show section \a section's text in full.
int neededWidth(const QHeaderView *header, int section);
/// Widens the sections of \a header that are narrower than their text.
void fit(QHeaderView *header);
/// fit() for every horizontal header below \a root (and each header's model changes).
void fitAll(QWidget *root);
} // namespace HeaderFit

} // namespace console
} // namespace taskstream
