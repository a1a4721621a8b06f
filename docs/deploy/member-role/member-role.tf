# aws-audit member-account role for Organizations fan-out: apply in every account to scan, with a
# provider for that account. The Terraform twin of ../member-role.cfn.yaml (trust model and the
# one-hour role-chaining limit are explained there).

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0, < 7.0" }
  }
}

variable "scanner_role_arn" {
  type        = string
  description = "ARN of the scanner role (../scanner-role.tf output role_arn)."
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.scanner_role_arn))
    error_message = "scanner_role_arn must be an IAM role ARN."
  }
}

variable "role_name" {
  type    = string
  default = "aws-audit-member"
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "AwsAuditScanner"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.scanner_role_arn]
    }
  }
}

resource "aws_iam_role" "member" {
  name                 = var.role_name
  description          = "aws-audit scan of this account, assumed by the central scanner role (read-only)"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "read" {
  name   = "aws-audit-read"
  role   = aws_iam_role.member.id
  policy = file("${path.module}/../scanner-policy.json")
}

output "role_arn" {
  value = aws_iam_role.member.arn
}
