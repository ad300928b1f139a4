// Places (districts) and how the city's deliveries reach them.
#include "sim/input/csv_cells.hpp"
#include "sim/input/section_readers.hpp"

#include <algorithm>

namespace vaxsim {
namespace {

// The places' delivery file: a header 'date,place,product,doses', then one row per place,
// product and day; each place and product a known id (with "did you mean").
std::vector<PlaceDelivery> read_place_delivery_csv(const InputNode& node,
                                                   const std::vector<PlaceSpec>& places,
                                                   const std::vector<ProductSpec>& products,
                                                   const std::filesystem::path& base_dir) {
    const InputSource csv = read_named_file(node, base_dir, "places' delivery CSV");
    if (csv.lines.empty() || csv.lines[0] != "date,place,product,doses")
        csv.fail_at(0, 0, "expected the header line 'date,place,product,doses'");
    std::vector<std::string> place_ids, product_ids;
    for (const PlaceSpec& p : places) place_ids.push_back(p.id);
    for (const ProductSpec& p : products) product_ids.push_back(p.id);
    const auto known = [&](const std::string& id, const std::vector<std::string>& ids,
                           const char* what, int line, int column) {
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) return;
        const std::string hint = closest_name(id, ids);
        csv.fail_at(line, column, std::string("unknown ") + what + " '" + id + "'" +
                                      (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    };
    std::vector<PlaceDelivery> out;
    for (std::size_t i = 1; i < csv.lines.size(); ++i) {
        if (csv.lines[i].empty()) continue;
        const int at = static_cast<int>(i);
        const std::vector<CsvCell> cells = split_csv_cells(csv, at);
        if (cells.size() != 4) csv.fail_at(at, 0, "expected 'YYYY-MM-DD,place,product,doses'");
        PlaceDelivery d;
        d.day = csv_date(csv, at, cells[0]);
        known(cells[1].text, place_ids, "place", at, cells[1].column);
        known(cells[2].text, product_ids, "product", at, cells[2].column);
        d.place = cells[1].text;
        d.product = cells[2].text;
        d.doses = csv_doses(csv, at, cells[3]);
        if (!out.empty() && d.day < out.back().day)
            csv.fail_at(at, 0, "dates must be in order; this one is before the line above");
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

PlaceSpec read_place(const InputNode& node) {
    MapReader r(node, "a place");
    PlaceSpec p;
    p.id = r.required("id").as_string();
    if (auto label = r.optional("label")) p.label = label->as_string();
    if (auto shares = r.optional("band_shares"))
        p.band_shares = read_named(*shares, "a place's share of each age band",
                                           [](const InputNode& n) { return n.as_share(); });
    if (auto people = r.optional("band_people"))
        p.band_people = read_named(*people, "a place's people in each age band",
                                                 [](const InputNode& n) { return n.as_count(); });
    if (auto capacity = r.optional("capacity")) p.capacity = read_capacity(*capacity);
    if (auto opens = r.optional("opens"))
        p.opens = read_named(*opens, "the groups' opening dates in a place",
                                        [](const InputNode& n) { return n.as_date(); });
    r.finish();
    return p;
}

PlaceSupplySpec read_place_supply(const InputNode& node, const std::vector<PlaceSpec>& places,
                                  const std::vector<ProductSpec>& products,
                                  const std::filesystem::path& base_dir) {
    MapReader r(node, "the supply to places");
    PlaceSupplySpec s;
    if (auto rule = r.optional("rule")) {
        const std::string name = rule->as_string();
        const auto found = place_rule_named(name);
        if (!found) {
            std::string names;
            for (const std::string& n : place_rule_names()) names += (names.empty() ? "" : ", ") + n;
            const std::string hint = closest_name(name, place_rule_names());
            rule->fail("expected one of " + names + ", got '" + name + "'" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
        }
        s.rule = *found;
    }
    if (auto lag = r.optional("transfer_lag_days")) s.transfer_lag_days = lag->as_count();
    if (auto every = r.optional("rebalance_every_days")) s.rebalance_every_days = every->as_count();
    if (auto list = r.optional("shares"))
        for (const InputNode& item : list->items()) {
            MapReader step(item, "the places' shares from a date");
            PlaceShareStepSpec spec;
            spec.from = step.required("from").as_date();
            spec.shares = read_named(step.required("shares"), "the places' shares",
                                             [](const InputNode& n) { return n.as_share(); });
            step.finish();
            s.shares.push_back(std::move(spec));
        }
    if (auto csv = r.optional("csv"))
        s.deliveries = read_place_delivery_csv(*csv, places, products, base_dir);
    r.finish();
    return s;
}

} // namespace vaxsim
