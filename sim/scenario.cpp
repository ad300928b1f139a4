#include "sim/scenario.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace vaxsim {
namespace {

std::vector<Product> read_products(const InputNode& node, const std::filesystem::path& base_dir) {
    std::vector<Product> products;
    for (const InputNode& item : node.items()) {
        products.emplace_back(item, base_dir);
        for (std::size_t i = 0; i + 1 < products.size(); ++i)
            if (products[i].id() == products.back().id())
                item.fail("product id '" + products.back().id() + "' is used twice");
    }
    if (products.empty()) node.fail("expected at least one product");
    return products;
}

std::vector<std::string> ids_of(const std::vector<Product>& products) {
    std::vector<std::string> ids;
    for (const auto& p : products) ids.push_back(p.id());
    return ids;
}

} // namespace

Scenario::Scenario(const InputNode& root, const std::filesystem::path& base_dir)
    : Scenario(MapReader(root, "the scenario"), base_dir) {}

Scenario::Scenario(MapReader&& r, const std::filesystem::path& base_dir)
    : name(r.required("name").as_string()),
      description(r.optional("description") ? r.required("description").as_string() : ""),
      start(r.required("start").as_date()), end(r.required("end").as_date()),
      products(read_products(r.required("products"), base_dir)),
      population(r.required("population"), r.required("groups"), ids_of(products)),
      capacity(r.required("capacity")),
      policy(r.optional("policy") ? Policy(r.required("policy")) : Policy()),
      source_(r.node().source()), root_(r.node().yaml()) {
    if (end < start) r.required("end").fail("the run ends before it starts");
    if (days() > 3660) r.required("end").fail("a run covers at most 3660 days (ten years)");
    if (auto s = r.optional("seed")) seed = static_cast<std::uint64_t>(s->as_count());
    if (auto list = r.optional("targets")) {
        for (const InputNode& item : list->items()) {
            targets.emplace_back(item, population);
            const Target& t = targets.back();
            for (std::size_t i = 0; i + 1 < targets.size(); ++i)
                if (targets[i].id == t.id) item.fail("target id '" + t.id + "' is used twice");
            if (t.deadline < start || t.deadline > end)
                MapReader(item, "a target")
                    .required("deadline")
                    .fail("the deadline " + format_iso_date(t.deadline) + " is outside the run (" +
                          format_iso_date(start) + " to " + format_iso_date(end) + ")");
        }
    }
    if (auto e = r.optional("epidemic"))
        epidemic.emplace(*e, products, population.bands(), base_dir);
    r.finish();
}

bool Scenario::is_stochastic() const {
    return population.has_uncertain_uptake() ||
           std::any_of(products.begin(), products.end(),
                       [](const Product& p) { return p.supply().is_uncertain(); });
}

Scenario Scenario::realize(std::uint64_t future) const {
    Scenario drawn = *this;
    for (Product& p : drawn.products) p.realize_supply(seed, future);
    drawn.population.realize_uptake(seed, future);
    return drawn;
}

std::string Scenario::effective_yaml() const {
    YAML::Emitter out;
    out << root_;
    return out.c_str();
}

namespace {

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
    } catch (const InputFileError&) {
        extends.fail("cannot open the base scenario '" + base_path.string() + "'");
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

} // namespace

Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const std::filesystem::path& base_dir,
                            const std::vector<std::string>& overrides) {
    auto source = std::make_shared<InputSource>(name, text);
    Resolved resolved = resolve(source, base_dir, 0);
    // The results file stores the text named on the command line beside its root base.
    if (resolved.base != source) resolved.base->extended_by = source;
    for (const auto& assignment : overrides)
        apply_override(*resolved.base, resolved.root.yaml(), assignment);
    return Scenario(resolved.root, resolved.base_dir);
}

Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<std::string>& overrides) {
    return load_scenario_text(path.string(), read_input_file(path, "scenario file"),
                              path.parent_path(), overrides);
}

} // namespace vaxsim
