# aws-audit scanner role, assumed by GitHub Actions through OIDC (docs/deploy/README.md).
# The Terraform twin of scanner-role.cfn.yaml; see that file's header for the trust model.
#
#   cd docs/deploy && terraform init && terraform apply \
#     -var github_org=my-org -var github_repo=infra-audit \
#     -var github_org_id=123456 -var github_repo_id=987654321
#
# The member-account role for Organizations fan-out is its own module: member-role/.

terraform {
  required_version = ">= 1.3"
  required_providers {
    # 5.81 made thumbprint_list optional on aws_iam_openid_connect_provider; the upper bound keeps
    # a future major version (and its breaking changes) from being picked up unreviewed.
    aws = { source = "hashicorp/aws", version = ">= 5.81, < 7.0" }
  }
}

variable "github_org" {
  type        = string
  description = "GitHub organisation or user that owns the repository running the scan."
}

variable "github_repo" {
  type        = string
  description = "Repository running the scan (name only)."
}

variable "github_org_id" {
  type        = string
  default     = ""
  description = "Numeric id of the repository's owner (organisation or user) for the immutable subject (gh api repos/OWNER/REPO --jq .owner.id). Empty: classic subject only."
}

variable "github_repo_id" {
  type        = string
  default     = ""
  description = "Numeric repository id for the immutable subject (gh api repos/OWNER/REPO --jq .id)."
}

variable "github_branch" {
  type        = string
  default     = "main"
  description = "Branch whose workflows may assume the role (scheduled runs use the default branch)."
}

variable "github_environment" {
  type        = string
  default     = ""
  description = "If the scan job declares `environment:`, its name: the subject is then ...:environment:NAME."
}

variable "audience" {
  type        = string
  default     = "sts.amazonaws.com"
  description = "sts.amazonaws.com, or sts.amazonaws.com.cn in China."
}

variable "create_oidc_provider" {
  type        = bool
  default     = true
  description = "false if the account already has the token.actions.githubusercontent.com provider (one per account)."
}

variable "role_name" {
  type        = string
  default     = "aws-audit-scanner"
  description = "Avoid the exact name GitHubActions (reported not to work, configure-aws-credentials#953)."
}

variable "organizations_fan_out" {
  type        = bool
  default     = false
  description = "Let the role assume member_role_name in other accounts and list the organisation's accounts."
}

variable "member_role_name" {
  type    = string
  default = "aws-audit-member"
}

variable "organization_id" {
  type        = string
  default     = ""
  description = "Required with fan-out, your organisation id (o-...); restricts the assumable member roles to it."
  validation {
    condition     = can(regex("^(o-[a-z0-9]{10,32})?$", var.organization_id))
    error_message = "organization_id must be an organisation id (o-...)."
  }
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0
  url   = "https://token.actions.githubusercontent.com"
  # No thumbprint_list: AWS validates GitHub's certificate against its own CA library.
  client_id_list = [var.audience]
}

locals {
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  subject_context   = var.github_environment != "" ? "environment:${var.github_environment}" : "ref:refs/heads/${var.github_branch}"
  # Classic form, and the immutable form emitted by repositories created or renamed on/after
  # 2026-07-15.
  # Remove the classic one once your repository emits the immutable form (it matches by name).
  subjects = concat(
    ["repo:${var.github_org}/${var.github_repo}:${local.subject_context}"],
    var.github_org_id != "" && var.github_repo_id != "" ? ["repo:${var.github_org}@${var.github_org_id}/${var.github_repo}@${var.github_repo_id}:${local.subject_context}"] : [],
  )
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "GitHubActionsOidc"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = [var.audience]
    }
    # Several values under one StringEquals match any one of them.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = local.subjects
    }
  }
}

resource "aws_iam_role" "scanner" {
  name                 = var.role_name
  description          = "aws-audit nightly scan from GitHub Actions (read-only)"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "read" {
  name   = "aws-audit-read"
  role   = aws_iam_role.scanner.id
  policy = file("${path.module}/scanner-policy.json")
}

data "aws_iam_policy_document" "fan_out" {
  statement {
    sid       = "AssumeMemberRoles"
    effect    = "Allow"
    actions   = ["sts:AssumeRole"]
    resources = ["arn:${data.aws_partition.current.partition}:iam::*:role/${var.member_role_name}"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceOrgID"
      values   = [var.organization_id]
    }
  }
  # Works only in the management account or a delegated administrator; elsewhere use --accounts.
  statement {
    sid       = "ListOrganizationAccounts"
    effect    = "Allow"
    actions   = ["organizations:ListAccounts"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "fan_out" {
  count  = var.organizations_fan_out ? 1 : 0
  name   = "aws-audit-fan-out"
  role   = aws_iam_role.scanner.id
  policy = data.aws_iam_policy_document.fan_out.json
  lifecycle {
    # Without it the scanner could assume member_role_name in ANY account whose owner trusts it.
    precondition {
      condition     = var.organization_id != ""
      error_message = "organizations_fan_out = true needs organization_id (o-...), which limits the member roles to your organisation."
    }
  }
}

output "role_arn" {
  description = "Set it as the repository variable AWS_AUDIT_ROLE_ARN."
  value       = aws_iam_role.scanner.arn
}
