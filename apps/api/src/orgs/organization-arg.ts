/** Options of the `organizationId` argument that platform-admin callers use to name the org they act in. */
export const ORGANIZATION_ARG = { nullable: true, description: 'Required for the platform admin key.' } as const;
