import type { CategoryKind } from "@fincoach/db";

/** The categories every new person starts with: groups and their children. */
export const DEFAULT_TAXONOMY: ReadonlyArray<{ name: string; kind: CategoryKind; children: readonly string[] }> = [
  { name: "Income", kind: "income", children: ["Salary", "Bonus", "Interest", "Dividends", "Refunds", "Other Income"] },
  {
    name: "Housing",
    kind: "expense",
    children: ["Rent", "Mortgage", "Home Maintenance", "Home Insurance", "Property Tax"],
  },
  { name: "Utilities", kind: "expense", children: ["Electricity", "Gas", "Water", "Internet", "Phone"] },
  {
    name: "Food",
    kind: "expense",
    children: ["Groceries", "Restaurants", "Coffee Shops", "Fast Food", "Alcohol & Bars"],
  },
  {
    name: "Transportation",
    kind: "expense",
    children: ["Fuel", "Public Transit", "Taxi & Rideshare", "Parking", "Car Maintenance", "Car Insurance"],
  },
  { name: "Shopping", kind: "expense", children: ["Clothing", "Electronics", "Home Goods", "Books", "Gifts"] },
  { name: "Health", kind: "expense", children: ["Doctor", "Pharmacy", "Health Insurance", "Fitness", "Dentist"] },
  { name: "Entertainment", kind: "expense", children: ["Streaming", "Movies & Events", "Games", "Hobbies"] },
  { name: "Travel", kind: "expense", children: ["Flights", "Hotels", "Vacation"] },
  { name: "Financial", kind: "expense", children: ["Bank Fees", "Interest Charges", "Taxes", "Loan Payments"] },
  { name: "Personal Care", kind: "expense", children: ["Hair", "Spa & Massage", "Laundry"] },
  { name: "Education", kind: "expense", children: ["Tuition", "Courses", "Student Loan"] },
  { name: "Kids", kind: "expense", children: ["Childcare", "Toys", "School Supplies"] },
  { name: "Giving", kind: "expense", children: ["Charity", "Family Support"] },
  { name: "Transfers", kind: "transfer", children: ["Credit Card Payment", "Savings Transfer", "Account Transfer"] },
];
