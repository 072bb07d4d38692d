// Azure resources for SofS Companion, deployed by the arm/deploy action in ../m365agents.yml:
//   - App Service plan (Linux) and web app (Node 20) running the bot on /api/messages
//   - storage account with a private blob container for the bot's state (STORAGE=blob)
//   - Azure Bot (single tenant) with the Microsoft Teams channel
// The bot's Entra app registration (id, secret, tenant) comes from aadApp/create in the yml.
// Outputs are written to env/.env.<environment> by the Agents Toolkit.

@maxLength(12)
@minLength(3)
@description('Short lower-case prefix for resource names.')
param resourceBaseName string

@maxLength(12)
@description('The Agents Toolkit environment name (TEAMSFX_ENV), e.g. dev; part of resource names.')
param environmentName string

@description('Client (application) id of the bot\'s single-tenant Entra app registration (BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Entra app registration (BOT_PASSWORD).')
param botAadAppClientSecret string

@description('Directory (tenant) id of the bot\'s Entra app registration (BOT_TENANT_ID).')
param botAadAppTenantId string

@secure()
@description('Key the bot uses to encrypt conversation state in blob storage (DATA_KEY).')
param dataKey string

@maxLength(42)
param botDisplayName string = 'SofS Companion'

@description('App Service plan SKU. B1 or above: Always On is not available on F1.')
param webAppSKU string = 'B1'

@description('Linux runtime stack. Node 20 reaches end of life on 30 April 2026; NODE|22-lts also works with this bot.')
param linuxFxVersion string = 'NODE|20-lts'

@description('Days the bot keeps conversation state (RETENTION_DAYS).')
param retentionDays int = 30

param blobContainerName string = 'sofs-state'
param location string = resourceGroup().location

// Web app and bot names must be unique across Azure; storage names are 3-24 lower-case letters and digits.
var uniqueSuffix = uniqueString(resourceGroup().id, environmentName)
var baseName = toLower(replace('${resourceBaseName}-${environmentName}', '_', '-'))
var webAppName = '${baseName}-${uniqueSuffix}'
var serverfarmName = '${baseName}-plan-${uniqueSuffix}'
var botServiceName = '${baseName}-bot-${uniqueSuffix}'
var storageAccountName = 'st${uniqueSuffix}'

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: blobContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: serverfarmName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'node --no-deprecation dist/src/index.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [
        // Build on the server after zip deploy: install production dependencies only (dist/ is
        // uploaded already built), so native modules are compiled for this Linux image.
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'true'
        }
        {
          name: 'CUSTOM_BUILD_COMMAND'
          value: 'npm ci --omit=dev --no-audit --no-fund'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'LOG_LEVEL'
          value: 'info'
        }
        {
          name: 'BOT_ID'
          value: botAadAppClientId
        }
        {
          name: 'BOT_PASSWORD'
          value: botAadAppClientSecret
        }
        {
          name: 'BOT_TENANT_ID'
          value: botAadAppTenantId
        }
        {
          name: 'STORAGE'
          value: 'blob'
        }
        {
          name: 'BLOB_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
        {
          name: 'BLOB_CONTAINER'
          value: blobContainerName
        }
        {
          name: 'DATA_KEY'
          value: dataKey
        }
        {
          name: 'RETENTION_DAYS'
          value: string(retentionDays)
        }
      ]
    }
  }
  dependsOn: [
    stateContainer
  ]
}

// The bot registration: single tenant, pointing at the web app's messaging endpoint.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppTenantId: botAadAppTenantId
    msaAppType: 'SingleTenant'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Written to env/.env.<environment> (see https://aka.ms/teamsfx-actions/arm-deploy).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_SERVICE_NAME string = botService.name
