export { budgetCurrent } from "./budget-current.ts";
export { type DateRange, periodContaining, previousPeriod } from "./budget-period.ts";
export { BudgetCurrent, BudgetPeriod, BudgetView } from "./budget-view.ts";
export { CreateBudget, createBudget } from "./create-budget.ts";
export { deleteBudget } from "./delete-budget.ts";
export { findBudget } from "./find-budget.ts";
export { getBudget } from "./get-budget.ts";
export { listBudgets } from "./list-budgets.ts";
export { UpdateBudget, updateBudget } from "./update-budget.ts";
