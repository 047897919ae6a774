/**
 * The shared default model is trained on the Birmingham City Council purchase-card data
 * (testdata/transactions), so its labels are that publisher's expense classes, not
 * FinCoach's taxonomy. This map sends the classes with a sensible personal-finance meaning
 * to a default-taxonomy name (default-taxonomy.ts); the pipeline then applies the person's
 * category of that name. Classes left out (Equip Operational, Postage, Prof Fees other,
 * Supplies & Sev Mic, ...) describe council operations that no personal category fits:
 * their picks are shown as a suggestion with no category, never applied.
 * docs/categorization.md lists the map.
 */
export const DEFAULT_MODEL_LABELS: Readonly<Record<string, string>> = {
  "Vehicle Fuel": "Fuel",
  "Purchases Food": "Groceries",
  "Food Costs": "Groceries",
  Hospitality: "Restaurants",
  "Contract Meals": "Restaurants",
  Books: "Books",
  "N'Papers&Periodicals": "Books",
  "Conference Fees Subs UK": "Courses",
  "Conference Fees Subs Foreign": "Courses",
  "Training Other": "Courses",
  "Training Tutor Fees": "Courses",
  "Travel Bus/Rail": "Public Transit",
  "Travel Taxis": "Taxi & Rideshare",
  "Car Parking": "Parking",
  "Vehicle R&M": "Car Maintenance",
  "Vehicle Tyres": "Car Maintenance",
  "Transport Insurance": "Car Insurance",
  Electricity: "Electricity",
  Gas: "Gas",
  "Water Services": "Water",
  "Phon NonCentrx Lines": "Phone",
  "Phon Centrx Netwk": "Phone",
  "Mobiles/Radios/Pagrs": "Phone",
  "CSDP Act Telephones": "Phone",
  "Computing Other": "Electronics",
  "Clothing&Uniforms": "Clothing",
  "Bank & Goro ChgsS": "Bank Fees",
  "Rents incl Svce Chgs": "Rent",
  Rates: "Property Tax",
  "Vehicle Excise Lics": "Taxes",
  Laundry: "Laundry",
  "Family Support S17": "Family Support",
  "Floral Decorations": "Gifts",
  "Cleaning Materials": "Home Goods",
  "Other Fix&Fittings": "Home Goods",
  "Bldg RM Departmental": "Home Maintenance",
  "Bldg RM Routine UDD": "Home Maintenance",
  "Bldg RM Emergy UDD": "Home Maintenance",
  "Grounds Maintenance": "Home Maintenance",
  "Entertainers/Artists": "Movies & Events",
  "In Year Credits": "Refunds",
};
