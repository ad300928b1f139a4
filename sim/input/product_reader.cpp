// A product and its supply, with the delivery CSV a supply may name.
#include "sim/input/distribution_reader.hpp"
#include "sim/input/csv_cells.hpp"
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

std::vector<Delivery> read_delivery_csv(const InputNode& node,
                                        const std::filesystem::path& base_dir) {
    const InputSource csv = read_named_file(node, base_dir, "supply CSV");
    if (csv.lines.empty() || csv.lines[0] != "date,doses")
        csv.fail_at(0, 0, "expected the header line 'date,doses'");
    std::vector<Delivery> out;
    for (std::size_t i = 1; i < csv.lines.size(); ++i) {
        if (csv.lines[i].empty()) continue;
        const int at = static_cast<int>(i);
        const std::vector<CsvCell> cells = split_csv_cells(csv, at);
        if (cells.size() != 2) csv.fail_at(at, 0, "expected 'YYYY-MM-DD,doses'");
        const DayNumber day = csv_date(csv, at, cells[0]);
        const std::int64_t doses = csv_doses(csv, at, cells[1]);
        if (!out.empty() && day < out.back().day)
            csv.fail_at(at, 0, "dates must be in order; this one is before the line above");
        out.push_back({day, doses});
    }
    return out;
}

SupplySpec read_supply(const InputNode& node, const std::filesystem::path& base_dir) {
    MapReader r(node, "a product's supply");
    SupplySpec s;
    if (auto list = r.optional("deliveries")) {
        for (const InputNode& item : list->items()) {
            MapReader d(item, "a delivery");
            const DayNumber day = d.required("date").as_date();
            s.deliveries.push_back({day, d.required("doses").as_count()});
            d.finish();
        }
    }
    if (auto list = r.optional("recurring")) {
        for (const InputNode& item : list->items()) {
            MapReader d(item, "a recurring delivery");
            RecurringDelivery rd;
            if (auto id = d.optional("id")) rd.id = id->as_string();
            rd.from = d.required("from").as_date();
            rd.to = d.required("to").as_date();
            if (auto e = d.optional("every_days")) rd.every_days = e->as_count();
            rd.doses = d.required("doses").as_count();
            d.finish();
            s.recurring.push_back(rd);
        }
    }
    if (auto csv = r.optional("csv")) s.schedule = read_delivery_csv(*csv, base_dir);
    if (auto v = r.optional("scale")) s.scale = v->as_number();
    if (auto list = r.optional("scale_windows")) {
        for (const InputNode& item : list->items()) {
            MapReader w(item, "a scale window");
            ScaleWindow window;
            if (auto id = w.optional("id")) window.id = id->as_string();
            window.from = w.required("from").as_date();
            window.to = w.required("to").as_date();
            window.scale = w.required("scale").as_number();
            w.finish();
            s.scale_windows.push_back(window);
        }
    }
    if (auto v = r.optional("shortfall")) s.shortfall = v->as_share();
    if (auto v = r.optional("delay_days")) s.delay_days = v->as_integer();
    if (auto u = r.optional("uncertainty")) {
        MapReader ur(*u, "a supply's uncertainty");
        if (auto d = ur.optional("delay_days"))
            s.uncertainty.delay_days = read_distribution_spec(*d);
        if (auto v = ur.optional("shortfall")) s.uncertainty.shortfall = read_distribution_spec(*v);
        ur.finish();
    }
    if (auto v = r.optional("vial")) {
        MapReader vr(*v, "a vial");
        VialSpec vial;
        vial.labelled_doses = vr.required("labelled_doses").as_count();
        vial.extracted_doses = vr.required("extracted_doses").as_count();
        vr.finish();
        s.vial = vial;
    }
    const auto movements = [&](const char* key, const char* what, std::vector<Delivery>& into) {
        if (auto list = r.optional(key))
            for (const InputNode& item : list->items()) {
                MapReader d(item, what);
                const DayNumber day = d.required("date").as_date();
                into.push_back({day, d.required("doses").as_count()});
                d.finish();
            }
    };
    movements("exports", "an export", s.exports);
    movements("returns", "a return", s.returns);
    r.finish();
    return s;
}

} // namespace

ProductSpec read_product(const InputNode& node, const std::filesystem::path& base_dir) {
    MapReader r(node, "a product");
    ProductSpec p;
    p.id = r.required("id").as_string();
    if (auto label = r.optional("label")) p.label = label->as_string();
    p.doses = r.required("doses").as_count();

    const auto interval = r.optional("interval_days");
    const auto intervals = r.optional("intervals");
    const auto changes = r.optional("interval_changes");
    const auto completion = r.optional("second_dose_completion");
    const auto after_max = r.optional("after_max");
    if (p.doses == 1) {
        // Checked before the values are read: their keys alone are the mistake.
        for (const auto* extra : {&interval, &intervals, &changes, &completion, &after_max})
            if (*extra) (*extra)->fail("a one-dose product has no second dose; remove this key");
    }
    if (interval) p.interval_days = interval->as_count();
    if (intervals) {
        for (const InputNode& item : intervals->items()) {
            IntervalSpec gap;
            if (item.is_scalar()) {
                gap.days = item.as_count(); // a bare number: the target, no range
            } else {
                MapReader g(item, "an interval");
                gap.days = g.required("days").as_count();
                if (auto v = g.optional("min_days")) gap.min_days = v->as_count();
                if (auto v = g.optional("max_days")) gap.max_days = v->as_count();
                g.finish();
            }
            p.intervals.push_back(gap);
        }
    }
    if (changes) {
        for (const InputNode& item : changes->items()) {
            MapReader c(item, "an interval change");
            IntervalChange change;
            if (auto id = c.optional("id")) change.id = id->as_string();
            change.from = c.required("from").as_date();
            if (auto to = c.optional("to")) change.to = to->as_date();
            change.days = c.required("days").as_count();
            if (auto dose = c.optional("dose")) change.dose = dose->as_count();
            if (auto v = c.optional("min_days")) change.min_days = v->as_count();
            if (auto v = c.optional("max_days")) change.max_days = v->as_count();
            if (auto basis = c.optional("applies_to")) {
                const std::string v = basis->as_string();
                if (v == "first_dose_date")
                    change.applies_to = IntervalBasis::first_dose_date;
                else if (v == "due_date")
                    change.applies_to = IntervalBasis::due_date;
                else
                    basis->fail("expected first_dose_date or due_date, got '" + v + "'");
            }
            if (auto move = c.optional("move_booked")) change.move_booked = move->as_bool();
            c.finish();
            p.interval_changes.push_back(change);
        }
    }
    if (completion) p.second_dose_completion = completion->as_share();
    if (after_max) {
        const std::string v = after_max->as_string();
        if (v == "keep_waiting")
            p.after_max = AfterMax::keep_waiting;
        else if (v == "drop_out")
            p.after_max = AfterMax::drop_out;
        else
            after_max->fail("expected keep_waiting or drop_out, got '" + v + "'");
    }

    if (auto rules = r.optional("eligibility")) {
        for (const InputNode& item : rules->items()) {
            MapReader e(item, "an eligibility rule");
            EligibilitySpec rule;
            if (auto from = e.optional("from")) rule.from = from->as_date();
            if (auto a = e.optional("min_age")) rule.min_age = a->as_count();
            if (auto a = e.optional("max_age")) rule.max_age = a->as_count();
            e.finish();
            p.eligibility.push_back(rule);
        }
    }
    if (auto w = r.optional("wastage")) p.wastage = w->as_share();
    if (auto d = r.optional("protection_days")) {
        if (d->is_scalar())
            p.protection_days.push_back(d->as_integer());
        else
            for (const InputNode& item : d->items()) p.protection_days.push_back(item.as_integer());
    }
    p.supply = read_supply(r.required("supply"), base_dir);
    r.finish();
    return p;
}

} // namespace vaxsim
