"""Contains all the data models used in inputs/outputs"""

from .account_mapping_in import AccountMappingIn
from .account_mapping_in_codes import AccountMappingInCodes
from .account_mapping_out import AccountMappingOut
from .accreditation_in import AccreditationIn
from .accreditation_in_status import AccreditationInStatus
from .accreditation_out import AccreditationOut
from .add_schedule_batch_item import AddScheduleBatchItem
from .alert_out import AlertOut
from .alert_out_details import AlertOutDetails
from .amount_change_in import AmountChangeIn
from .amount_change_out import AmountChangeOut
from .api_key_in import ApiKeyIn
from .api_key_out import ApiKeyOut
from .approval_out import ApprovalOut
from .arrangement import Arrangement
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_details import AuditEntryOutDetails
from .audit_grant_in import AuditGrantIn
from .audit_grant_out import AuditGrantOut
from .awaiting_approval_out import AwaitingApprovalOut
from .balances import Balances
from .balances_by_source import BalancesBySource
from .batch_mode import BatchMode
from .broken_link_out import BrokenLinkOut
from .budget_every import BudgetEvery
from .capture_in import CaptureIn
from .capture_out import CaptureOut
from .change_amount_batch_item import ChangeAmountBatchItem
from .close_in import CloseIn
from .close_item_out import CloseItemOut
from .close_item_out_postings_item import CloseItemOutPostingsItem
from .closure_in import ClosureIn
from .closure_in_reason import ClosureInReason
from .confirm_in import ConfirmIn
from .contribution_in import ContributionIn
from .contribution_paid_out import ContributionPaidOut
from .contribution_refused_out import ContributionRefusedOut
from .contribution_schedule_end_in import ContributionScheduleEndIn
from .contribution_schedule_in import ContributionScheduleIn
from .contribution_schedule_out import ContributionScheduleOut
from .decision_in import DecisionIn
from .decision_out import DecisionOut
from .end_schedule_batch_item import EndScheduleBatchItem
from .event_out import EventOut
from .event_out_data import EventOutData
from .event_page import EventPage
from .every import Every
from .funder_line_out import FunderLineOut
from .funding_in import FundingIn
from .funding_kind import FundingKind
from .funding_run_in import FundingRunIn
from .funding_run_out import FundingRunOut
from .get_health_response_gethealth import GetHealthResponseGethealth
from .head_out import HeadOut
from .hold_in import HoldIn
from .hold_movement_out import HoldMovementOut
from .hold_out import HoldOut
from .holder_move_in import HolderMoveIn
from .holder_move_out import HolderMoveOut
from .holder_position_out import HolderPositionOut
from .holdings_out import HoldingsOut
from .holdings_out_by_source import HoldingsOutBySource
from .holdings_out_display import HoldingsOutDisplay
from .holds_out import HoldsOut
from .hours_out import HoursOut
from .invoices_confirmed_out import InvoicesConfirmedOut
from .item_problem import ItemProblem
from .item_status import ItemStatus
from .join_in import JoinIn
from .journal_export_out import JournalExportOut
from .journal_row_out import JournalRowOut
from .journal_totals_out import JournalTotalsOut
from .ledger_account import LedgerAccount
from .mapped_account_out import MappedAccountOut
from .member_in import MemberIn
from .move_in import MoveIn
from .move_out import MoveOut
from .netted_period_out import NettedPeriodOut
from .open_wallet_batch_item import OpenWalletBatchItem
from .organisation_in import OrganisationIn
from .organisation_out import OrganisationOut
from .page_alert_out import PageAlertOut
from .page_audit_entry_out import PageAuditEntryOut
from .page_audit_grant_out import PageAuditGrantOut
from .page_contribution_schedule_out import PageContributionScheduleOut
from .page_policy_out import PagePolicyOut
from .page_pool_out import PagePoolOut
from .page_schedule_out import PageScheduleOut
from .page_transaction_out import PageTransactionOut
from .page_wallet_out import PageWalletOut
from .page_webhook_delivery_out import PageWebhookDeliveryOut
from .page_webhook_endpoint_out import PageWebhookEndpointOut
from .paid_period_out import PaidPeriodOut
from .payment_batch_in import PaymentBatchIn
from .payment_batch_item import PaymentBatchItem
from .payment_batch_item_out import PaymentBatchItemOut
from .payment_batch_out import PaymentBatchOut
from .payment_batch_out_counts import PaymentBatchOutCounts
from .payment_in import PaymentIn
from .payment_item_out import PaymentItemOut
from .payment_out import PaymentOut
from .period_close_in import PeriodCloseIn
from .period_close_out import PeriodCloseOut
from .period_close_out_counts import PeriodCloseOutCounts
from .period_close_out_totals import PeriodCloseOutTotals
from .period_out import PeriodOut
from .person_link_out import PersonLinkOut
from .planned_budget_in import PlannedBudgetIn
from .planned_budget_opening_in import PlannedBudgetOpeningIn
from .planned_budget_out import PlannedBudgetOut
from .planned_budgets_out import PlannedBudgetsOut
from .planned_hours_out import PlannedHoursOut
from .planned_service_in import PlannedServiceIn
from .planned_service_in_provider_kind import PlannedServiceInProviderKind
from .planned_service_out import PlannedServiceOut
from .policy_in import PolicyIn
from .policy_in_rules import PolicyInRules
from .policy_out import PolicyOut
from .policy_out_rules import PolicyOutRules
from .policy_revision_in import PolicyRevisionIn
from .policy_revision_in_rules import PolicyRevisionInRules
from .pool_approval_out import PoolApprovalOut
from .pool_decision_out import PoolDecisionOut
from .pool_in import PoolIn
from .pool_member_out import PoolMemberOut
from .pool_member_out_share_by_source import PoolMemberOutShareBySource
from .pool_movement_out import PoolMovementOut
from .pool_out import PoolOut
from .pool_payment_in import PoolPaymentIn
from .pool_payment_out import PoolPaymentOut
from .pool_payment_out_parts import PoolPaymentOutParts
from .pool_payment_summary import PoolPaymentSummary
from .pool_payment_summary_parts import PoolPaymentSummaryParts
from .posting_out import PostingOut
from .pot import Pot
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .reconciliation_out import ReconciliationOut
from .refused_move import RefusedMove
from .resume_in import ResumeIn
from .reversal_in import ReversalIn
from .role import Role
from .schedule_end_in import ScheduleEndIn
from .schedule_in import ScheduleIn
from .schedule_out import ScheduleOut
from .section import Section
from .section_total_out import SectionTotalOut
from .source import Source
from .split import Split
from .statement_line_out import StatementLineOut
from .statement_out import StatementOut
from .support_plan_out import SupportPlanOut
from .suspension_in import SuspensionIn
from .suspension_in_reason import SuspensionInReason
from .suspension_out import SuspensionOut
from .suspension_out_status import SuspensionOutStatus
from .timesheet_in import TimesheetIn
from .total_out import TotalOut
from .transaction_out import TransactionOut
from .transaction_out_details import TransactionOutDetails
from .trial_balance_line_out import TrialBalanceLineOut
from .trial_balance_out import TrialBalanceOut
from .verification_out import VerificationOut
from .wallet_batch_in import WalletBatchIn
from .wallet_batch_item_out import WalletBatchItemOut
from .wallet_batch_out import WalletBatchOut
from .wallet_batch_out_counts import WalletBatchOutCounts
from .wallet_in import WalletIn
from .wallet_out import WalletOut
from .wallet_out_display import WalletOutDisplay
from .wallet_out_hours_type_0 import WalletOutHoursType0
from .wallet_suspension import WalletSuspension
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_status import WebhookDeliveryOutStatus
from .webhook_endpoint_created_out import WebhookEndpointCreatedOut
from .webhook_endpoint_created_out_disabled_reason_type_0 import WebhookEndpointCreatedOutDisabledReasonType0
from .webhook_endpoint_created_out_status import WebhookEndpointCreatedOutStatus
from .webhook_endpoint_in import WebhookEndpointIn
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_out_disabled_reason_type_0 import WebhookEndpointOutDisabledReasonType0
from .webhook_endpoint_out_status import WebhookEndpointOutStatus

__all__ = (
    "AccountMappingIn",
    "AccountMappingInCodes",
    "AccountMappingOut",
    "AccreditationIn",
    "AccreditationInStatus",
    "AccreditationOut",
    "AddScheduleBatchItem",
    "AlertOut",
    "AlertOutDetails",
    "AmountChangeIn",
    "AmountChangeOut",
    "ApiKeyIn",
    "ApiKeyOut",
    "ApprovalOut",
    "Arrangement",
    "AuditEntryOut",
    "AuditEntryOutDetails",
    "AuditGrantIn",
    "AuditGrantOut",
    "AwaitingApprovalOut",
    "Balances",
    "BalancesBySource",
    "BatchMode",
    "BrokenLinkOut",
    "BudgetEvery",
    "CaptureIn",
    "CaptureOut",
    "ChangeAmountBatchItem",
    "CloseIn",
    "CloseItemOut",
    "CloseItemOutPostingsItem",
    "ClosureIn",
    "ClosureInReason",
    "ConfirmIn",
    "ContributionIn",
    "ContributionPaidOut",
    "ContributionRefusedOut",
    "ContributionScheduleEndIn",
    "ContributionScheduleIn",
    "ContributionScheduleOut",
    "DecisionIn",
    "DecisionOut",
    "EndScheduleBatchItem",
    "EventOut",
    "EventOutData",
    "EventPage",
    "Every",
    "FunderLineOut",
    "FundingIn",
    "FundingKind",
    "FundingRunIn",
    "FundingRunOut",
    "GetHealthResponseGethealth",
    "HeadOut",
    "HolderMoveIn",
    "HolderMoveOut",
    "HolderPositionOut",
    "HoldIn",
    "HoldingsOut",
    "HoldingsOutBySource",
    "HoldingsOutDisplay",
    "HoldMovementOut",
    "HoldOut",
    "HoldsOut",
    "HoursOut",
    "InvoicesConfirmedOut",
    "ItemProblem",
    "ItemStatus",
    "JoinIn",
    "JournalExportOut",
    "JournalRowOut",
    "JournalTotalsOut",
    "LedgerAccount",
    "MappedAccountOut",
    "MemberIn",
    "MoveIn",
    "MoveOut",
    "NettedPeriodOut",
    "OpenWalletBatchItem",
    "OrganisationIn",
    "OrganisationOut",
    "PageAlertOut",
    "PageAuditEntryOut",
    "PageAuditGrantOut",
    "PageContributionScheduleOut",
    "PagePolicyOut",
    "PagePoolOut",
    "PageScheduleOut",
    "PageTransactionOut",
    "PageWalletOut",
    "PageWebhookDeliveryOut",
    "PageWebhookEndpointOut",
    "PaidPeriodOut",
    "PaymentBatchIn",
    "PaymentBatchItem",
    "PaymentBatchItemOut",
    "PaymentBatchOut",
    "PaymentBatchOutCounts",
    "PaymentIn",
    "PaymentItemOut",
    "PaymentOut",
    "PeriodCloseIn",
    "PeriodCloseOut",
    "PeriodCloseOutCounts",
    "PeriodCloseOutTotals",
    "PeriodOut",
    "PersonLinkOut",
    "PlannedBudgetIn",
    "PlannedBudgetOpeningIn",
    "PlannedBudgetOut",
    "PlannedBudgetsOut",
    "PlannedHoursOut",
    "PlannedServiceIn",
    "PlannedServiceInProviderKind",
    "PlannedServiceOut",
    "PolicyIn",
    "PolicyInRules",
    "PolicyOut",
    "PolicyOutRules",
    "PolicyRevisionIn",
    "PolicyRevisionInRules",
    "PoolApprovalOut",
    "PoolDecisionOut",
    "PoolIn",
    "PoolMemberOut",
    "PoolMemberOutShareBySource",
    "PoolMovementOut",
    "PoolOut",
    "PoolPaymentIn",
    "PoolPaymentOut",
    "PoolPaymentOutParts",
    "PoolPaymentSummary",
    "PoolPaymentSummaryParts",
    "PostingOut",
    "Pot",
    "Problem",
    "ProblemErrorsItem",
    "ReconciliationOut",
    "RefusedMove",
    "ResumeIn",
    "ReversalIn",
    "Role",
    "ScheduleEndIn",
    "ScheduleIn",
    "ScheduleOut",
    "Section",
    "SectionTotalOut",
    "Source",
    "Split",
    "StatementLineOut",
    "StatementOut",
    "SupportPlanOut",
    "SuspensionIn",
    "SuspensionInReason",
    "SuspensionOut",
    "SuspensionOutStatus",
    "TimesheetIn",
    "TotalOut",
    "TransactionOut",
    "TransactionOutDetails",
    "TrialBalanceLineOut",
    "TrialBalanceOut",
    "VerificationOut",
    "WalletBatchIn",
    "WalletBatchItemOut",
    "WalletBatchOut",
    "WalletBatchOutCounts",
    "WalletIn",
    "WalletOut",
    "WalletOutDisplay",
    "WalletOutHoursType0",
    "WalletSuspension",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutStatus",
    "WebhookEndpointCreatedOut",
    "WebhookEndpointCreatedOutDisabledReasonType0",
    "WebhookEndpointCreatedOutStatus",
    "WebhookEndpointIn",
    "WebhookEndpointOut",
    "WebhookEndpointOutDisabledReasonType0",
    "WebhookEndpointOutStatus",
)
