#include "sim/input/scenario_reader.hpp"

#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

ScenarioSpec read_scenario(const InputNode& root, const std::filesystem::path& base_dir) {
    MapReader r(root, "the scenario");
    ScenarioSpec s;
    s.name = r.required("name").as_string();
    if (auto description = r.optional("description")) s.description = description->as_string();
    const InputNode start = r.required("start");
    s.start = start.as_date();
    s.end = r.required("end").as_date();
    for (const InputNode& item : r.required("products").items())
        s.products.push_back(read_product(item, base_dir));
    if (auto list = r.optional("heterologous"))
        for (const InputNode& item : list->items()) s.heterologous.push_back(read_heterologous(item));
    // Asked for in the order the loader always has, so a file missing both hears of groups.
    const InputNode groups = r.required("groups");
    s.population = read_population(r.required("population"), groups);
    s.capacity = read_capacity(r.required("capacity"));
    if (auto policy = r.optional("policy")) {
        std::vector<std::string> group_ids;
        for (const auto& g : s.population.groups) group_ids.push_back(g.id);
        s.policy = read_policy(*policy, group_ids);
    }
    if (auto seed = r.optional("seed")) s.seed = static_cast<std::uint64_t>(seed->as_count());
    if (auto list = r.optional("targets"))
        for (const InputNode& item : list->items()) s.targets.push_back(read_target(item));
    if (auto list = r.optional("boosters"))
        for (const InputNode& item : list->items()) s.boosters.push_back(read_booster(item));
    if (auto epidemic = r.optional("epidemic"))
        s.epidemic = read_epidemic(*epidemic, s.products, base_dir);
    if (auto list = r.optional("swaps"))
        for (const InputNode& item : list->items()) s.swaps.push_back(read_swap(item));
    if (auto list = r.optional("places"))
        for (const InputNode& item : list->items()) s.places.push_back(read_place(item));
    if (auto supply = r.optional("place_supply")) {
        if (!r.has("places"))
            supply->fail("'place_supply' says how deliveries reach places, but there are no "
                         "'places'");
        s.place_supply = read_place_supply(*supply, s.places, s.products, base_dir);
        // A product the places' rows list may not list deliveries of its own as well (the
        // same doses twice): the error names both.
        if (auto csv = MapReader(*supply, "the supply to places").optional("csv")) {
            const InputNode products = r.required("products");
            for (const InputNode& item : products.items()) {
                MapReader product(item, "a product");
                const std::string id = product.required("id").as_string();
                if (place_delivery_totals(s.place_supply, id).empty()) continue;
                auto own = product.optional("supply");
                if (!own) continue;
                MapReader keys(*own, "a product's supply");
                for (const char* key : {"deliveries", "recurring", "csv"})
                    if (auto listed = keys.optional(key))
                        listed->fail("the places' deliveries (" + csv->as_string() + ", at " +
                                     csv->location() + ") list product '" + id +
                                     "', so its city deliveries are their rows added up; remove '" +
                                     key + "' here, or its rows there");
            }
        }
    }
    if (auto initial = r.optional("initial_state")) {
        s.initial_state = read_initial_state(*initial);
        // Two places that must agree: the error names both.
        const DayNumber as_of = s.initial_state->as_of;
        if (as_of + 1 != s.start)
            MapReader(*initial, "the initial state")
                .required("as_of")
                .fail("the state at the end of " + format_iso_date(as_of) +
                      " needs the run to start on " + format_iso_date(as_of + 1) +
                      ", but 'start' (at " + start.location() + ") is " +
                      format_iso_date(s.start) + "; change one of the two");
        if (auto epidemic = r.optional("epidemic"))
            initial->fail("an initial state cannot be combined with 'epidemic' (at " +
                          epidemic->location() +
                          ") yet: the epidemic model's vaccinated people would start from "
                          "nobody, not from the people already vaccinated; remove one of the two");
    }
    r.finish();
    return s;
}

// A scenario file resolved to the tree of its root-most base with every what-if setting
// of the chain applied, oldest first (a what-if may extend another what-if).
struct Resolved {
    std::shared_ptr<InputSource> base; // the file with no 'extends'
    InputNode root;
    std::filesystem::path base_dir;
};

Resolved resolve(const std::shared_ptr<InputSource>& source, const std::filesystem::path& dir,
                 int depth) {
    InputNode root = parse_input(source);
    if (!root.yaml()["extends"]) return {source, root, dir};

    // A what-if file: a base scenario plus the values it changes, in --set's path syntax.
    MapReader what_if(root, "a what-if scenario (a file with 'extends')");
    const InputNode extends = what_if.required("extends");
    if (depth >= 8)
        extends.fail("what-if files extend each other more than 8 levels deep (a loop?)");
    const std::filesystem::path base_path = dir / extends.as_string();
    std::string base_text;
    try {
        base_text = read_input_file(base_path, "base scenario");
    } catch (const InputFileError& e) {
        extends.fail(e.message()); // says why: missing, a directory, too large
    }
    Resolved base = resolve(std::make_shared<InputSource>(base_path.string(), std::move(base_text)),
                            base_path.parent_path(), depth + 1);
    for (const char* key : {"name", "description"})
        if (auto value = what_if.optional(key)) {
            value->as_string();
            apply_what_if_setting(*base.base, base.root.yaml(),
                                  InputNode(YAML::Node(key), source, ""), value->yaml(), source);
        }
    if (auto settings = what_if.optional("set")) {
        MapReader paths(*settings, "the what-if settings");
        for (auto it = settings->yaml().begin(); it != settings->yaml().end(); ++it) {
            const InputNode path(it->first, source, "set");
            paths.required(path.as_string());
            apply_what_if_setting(*base.base, base.root.yaml(), path, it->second, source);
        }
        paths.finish();
    }
    what_if.finish();
    return base;
}

// What the results file stores: the text named on the command line, beside its root base
// when it is a what-if file, and the tree every change produced.
Provenance provenance_of(const InputSource& given, const InputSource& base,
                         const YAML::Node& root) {
    Provenance p;
    p.file_name = given.file_name;
    p.text = given.text;
    if (&base != &given) {
        p.base_file = base.file_name;
        p.base_text = base.text;
    }
    for (const auto& o : base.overrides) p.overrides.push_back(o.assignment);
    YAML::Emitter effective;
    effective << root;
    p.effective = effective.c_str();
    return p;
}

} // namespace

Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const std::filesystem::path& base_dir,
                            const std::vector<std::string>& overrides) {
    auto source = std::make_shared<InputSource>(name, text);
    const Resolved resolved = resolve(source, base_dir, 0);
    for (const auto& assignment : overrides)
        apply_override(*resolved.base, resolved.root.yaml(), assignment);
    SourceMap fields;
    const InputNode root = resolved.root.noting_into(fields);
    ScenarioSpec spec = read_scenario(root, resolved.base_dir);
    Provenance provenance = provenance_of(*source, *resolved.base, resolved.root.yaml());
    return build_at(root, fields, [&] { return Scenario(std::move(spec), std::move(provenance)); });
}

Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<std::string>& overrides) {
    return load_scenario_text(path.string(), read_input_file(path, "scenario file"),
                              path.parent_path(), overrides);
}

} // namespace vaxsim
