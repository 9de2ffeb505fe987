// explorer_panels.h — the Explorer's panels drawn beside its form (explorer_panels_view.cpp): a schema as an
// expandable tree with its variants and constraints, an array enum as a filterable multi-select, the
// variables, and the answer's body tree whose values can be saved as variables.
#pragma once

#include <string>

#include "core/json.h"

namespace pinlab::app {

class AppState;
struct Explorer;

// A schema tree (core/schema_doc.h). `body`: the request body's, whose variants can fill the editor.
void schema_panel(AppState& s, Explorer& e, const json& tree, bool body);
// The multi-select over an array parameter's enum; `value` is the form's text ("A,B").
void enum_multi_select(AppState& s, Explorer& e, const json& param, std::string& value);
void variables_panel(AppState& s, Explorer& e);
// The answer as a tree; a value clicked offers "Save as variable".
void answer_tree(AppState& s, Explorer& e, const json& doc);

}  // namespace pinlab::app
