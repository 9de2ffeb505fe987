// views.cpp — the table of views (views.h), in navigation order: the top bar's views (Alt+1…Alt+9 in this
// order), then More's. One line per view; the entry itself is defined beside its view.
#include "app/views.h"

namespace pinlab::app {

extern const ViewDef kConnectView, kProfileView, kBoardsView, kBoardView, kPinsView, kCreatePinView, kSearchView,
    kAnalyticsView, kConsoleView, kTokenView, kExplorerView, kFaultsView, kNetworkView, kTopPinsView, kVideoView,
    kWebsitesView, kBusinessesView, kPinView;

namespace {
const ViewDef* const kViews[] = {
    &kConnectView,    // eager: the first visit's
    &kProfileView,    //
    &kBoardsView,     //
    &kBoardView,      //
    &kPinsView,       //
    &kCreatePinView,  // deferred from here on
    &kSearchView,     //
    &kAnalyticsView,  //
    &kConsoleView,    //
    &kTokenView,      //
    &kExplorerView,   //
    &kFaultsView,     //
    &kNetworkView,    // More
    &kTopPinsView,    //
    &kVideoView,      //
    &kWebsitesView,   //
    &kBusinessesView, //
    &kPinView,        // from a pin card
};
}  // namespace

// Read through a volatile pointer: a call through a constant table would be folded into a direct call, which
// would pull a deferred view back into the page's first module (views.h).
const ViewDef* const* volatile g_views = kViews;

ViewList all_views() { return {g_views, sizeof(kViews) / sizeof(kViews[0])}; }

const ViewDef& view_def(Route r) {
    for (const ViewDef* v : all_views())
        if (v->route == r) return *v;
    return kConnectView;
}

}  // namespace pinlab::app
