// The Amazon ECR private repository a container image is pulled from: named by its registry host
// (`<account>.dkr.ecr.<region>.<suffix>/<repository>`, template references allowed for the account,
// region and repository), or a Terraform module's own repository (`${aws_ecr_repository.x.repository_url}`
// with a tag or digest). ECR Public (public.ecr.aws) and other registries are not.

import { parseEcrImage, type EcrImage } from '../aws/image';

export type EcrRepositoryReference = { kind: 'registry'; image: EcrImage } | { kind: 'terraform'; resource: string };

const TERRAFORM_REPOSITORY_URL = /^\$\{aws_ecr_repository\.([\w-]+)\.repository_url\}(?::\w[\w.-]{0,127}|@sha256:[0-9a-fA-F]{64})?$/;

export function ecrRepositoryOf(image: string): EcrRepositoryReference | undefined {
  const terraform = TERRAFORM_REPOSITORY_URL.exec(image);
  if (terraform) return { kind: 'terraform', resource: `aws_ecr_repository.${terraform[1]}` };
  const ecr = parseEcrImage(image);
  return ecr ? { kind: 'registry', image: ecr } : undefined;
}
