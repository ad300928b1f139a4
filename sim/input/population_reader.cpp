// The population's tiers and age bands, and the priority groups drawn from them.
#include "sim/input/distribution_reader.hpp"
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

GroupSpec read_group(const InputNode& item) {
    MapReader r(item, "a priority group");
    GroupSpec g;
    g.id = r.required("id").as_string();
    if (auto label = r.optional("label")) g.label = label->as_string();
    g.tier = r.required("tier").as_string();
    g.opens = r.required("opens").as_date();
    g.priority = r.required("priority").as_integer();
    if (auto uptake = r.optional("uptake")) {
        if (uptake->is_map())
            g.uptake_distribution = read_distribution_spec(*uptake);
        else
            g.uptake = uptake->as_share();
    }

    // A group's people: one band and a size, one band's rest, or a split across bands.
    // Each band's people are noted as groups.<id>.bands.<band>, whichever way written.
    const auto size_node = r.optional("size");
    const auto band_node = r.optional("band");
    const auto bands_node = r.optional("bands");
    const auto rest_node = r.optional("rest_of_band");
    const std::string bands_path = item.path() + ".bands";
    if (band_node && bands_node) bands_node->fail("give either 'band' or 'bands', not both");
    if (!band_node && !bands_node)
        item.fail("a group needs 'band' (one age band) or 'bands' (a split)");
    if (rest_node) g.rest_of_band = rest_node->as_bool();
    if (g.rest_of_band) {
        if (!band_node) rest_node->fail("rest_of_band needs a single 'band'");
        if (size_node)
            size_node->fail("a rest_of_band group takes its size from the band; remove 'size'");
        g.bands.push_back({band_node->as_string(), 0});
        band_node->note_as(bands_path + "." + g.bands.back().band);
    } else if (band_node) {
        if (!size_node) item.fail("missing required key 'size' in a priority group");
        const std::int64_t size = size_node->as_count();
        g.bands.push_back({band_node->as_string(), size});
        band_node->note_as(bands_path + "." + g.bands.back().band);
    } else {
        // An unknown band is the key's mistake, not its count's.
        for (auto& [band, people] : read_named(*bands_node, "a split of the group across age bands",
                                               [](const InputNode& n) { return n.as_count(); }))
            g.bands.push_back({band, people});
        if (size_node) g.size = size_node->as_count();
    }

    if (auto products = r.optional("products")) {
        std::vector<std::string> ids;
        for (const InputNode& p : products->items()) ids.push_back(p.as_string());
        g.products = ids;
    }
    if (auto closes = r.optional("closes")) g.closes = closes->as_date();
    if (auto changes = r.optional("product_changes")) {
        for (const InputNode& item : changes->items()) {
            MapReader cr(item, "a dated change of the group's products");
            ProductChangeSpec change;
            change.from = cr.required("from").as_date();
            change.products = cr.required("products").as_string_list();
            cr.finish();
            g.product_changes.push_back(std::move(change));
        }
    }
    if (auto arrival = r.optional("arrival")) {
        MapReader ar(*arrival, "a group's arrival (windows and over_days, or a curve)");
        ArrivalSpec a;
        const auto windows = ar.optional("windows");
        const auto over_days = ar.optional("over_days");
        const auto curve = ar.optional("curve");
        if (curve && (windows || over_days))
            curve->fail("give either 'windows' with 'over_days', or a 'curve', not both");
        if (curve) {
            for (const InputNode& point : curve->items()) {
                const auto pair = point.items();
                if (pair.size() != 2)
                    point.fail("expected [days since opening, cumulative share]");
                a.curve.emplace_back(pair[0].as_count(), pair[1].as_number());
            }
            if (a.curve.empty()) curve->fail("expected at least one [day, share] point");
        } else {
            if (!windows) arrival->fail("an arrival needs 'windows' and 'over_days', or a 'curve'");
            a.windows = windows->as_integer();
            a.over_days = ar.required("over_days").as_integer();
        }
        ar.finish();
        g.arrival = a;
    }
    if (auto changes = r.optional("uptake_changes")) {
        for (const InputNode& item : changes->items()) {
            MapReader ur(item, "a dated change of the group's uptake");
            const DayNumber from = ur.required("from").as_date();
            g.uptake_changes.emplace_back(from, ur.required("uptake").as_share());
            ur.finish();
        }
    }
    if (auto shares = r.optional("product_shares")) {
        MapReader sr(*shares, "the group's shares of first doses by product");
        for (auto it = shares->yaml().begin(); it != shares->yaml().end(); ++it) {
            const InputNode key = shares->at(it->first, shares->path());
            const std::string product = key.as_string();
            const std::size_t k = g.product_shares.size();
            g.product_shares.emplace_back(product, sr.required(product).as_share());
            // Errors about the product (unknown, twice) are the key's; about the share, its
            // value's.
            key.note_as(shares->path() + "." + std::to_string(k));
        }
        sr.finish();
        if (g.product_shares.empty()) shares->fail("expected at least one product: share");
    }
    if (auto plan = r.optional("plan")) {
        MapReader pr(*plan, "a group's quarterly plan");
        QuarterPlanSpec qp;
        qp.quarter = pr.required("quarter").as_string();
        if (auto count = pr.optional("count")) qp.count = count->as_count();
        pr.finish();
        g.plan = qp;
    }
    r.finish();
    return g;
}

} // namespace

PopulationSpec read_population(const InputNode& population, const InputNode& groups) {
    PopulationSpec spec;
    MapReader pop(population, "population");
    spec.tiers = pop.required("tiers").as_string_list();
    for (const InputNode& item : pop.required("bands").items()) {
        MapReader r(item, "an age band");
        BandSpec band;
        band.id = r.required("id").as_string();
        band.min_age = r.required("min_age").as_count();
        if (auto max_age = r.optional("max_age")) band.max_age = max_age->as_count();
        band.count = r.required("count").as_count();
        r.finish();
        spec.bands.push_back(band);
    }
    if (auto list = pop.optional("outside_bands"))
        for (const InputNode& item : list->items()) {
            MapReader r(item, "people outside the age bands");
            OutsideBandSpec o;
            o.id = r.required("id").as_string();
            o.band = r.required("band").as_string();
            o.count = r.required("count").as_count();
            r.finish();
            spec.outside_bands.push_back(o);
        }
    pop.finish();
    for (const InputNode& item : groups.items()) spec.groups.push_back(read_group(item));
    return spec;
}

} // namespace vaxsim
