"""Vocabularies of the benchmark corpus: role families, industries, places, names and shared sentences.

Each family has its own roles, specialties, skills, duties, outcomes, achievements and qualifications, so
postings of one family share words and postings of different families mostly do not, as on a real job board.
"""

from __future__ import annotations

from dataclasses import dataclass

# Seniority prefix and level (0 junior .. 4 principal); repeated entries make a level more frequent.
TECH_LEVELS = (
    ("Junior", 0), ("", 1), ("", 1), ("Senior", 2), ("Senior", 2), ("Lead", 3), ("Staff", 4), ("Principal", 4),
)  # fmt: skip
BUSINESS_LEVELS = (("Junior", 0), ("Associate", 0), ("", 1), ("", 1), ("Senior", 2), ("Senior", 2), ("Lead", 3))
CLINICAL_LEVELS = (("", 0), ("", 1), ("", 1), ("", 1), ("Senior", 2), ("Senior", 2), ("Lead", 3))

# Years of experience asked for and salary multiplier, by level.
LEVEL_YEARS = ((0, 1), (2, 4), (5, 7), (7, 10), (10, 12))
LEVEL_PAY = (0.72, 1.0, 1.3, 1.5, 1.75)


@dataclass(frozen=True)
class Family:
    """One role family: what its postings are called, ask for and talk about."""

    key: str
    label: str
    roles: tuple[str, ...]
    specialties: tuple[str, ...]
    levels: tuple[tuple[str, int], ...]
    skills: tuple[str, ...]
    duties: tuple[str, ...]
    outcomes: tuple[str, ...]
    achievements: tuple[str, ...]
    qualifications: tuple[str, ...]
    teams: tuple[str, ...]
    managers: tuple[str, ...]
    industries: tuple[str, ...]
    pay: int  # mid-level yearly pay in thousands of euros
    remote: bool = True
    degrees: tuple[str, ...] = ("BSc Computer Science", "BEng Software Engineering", "MSc Computer Science")


# Data tables below are laid out by hand for reading; the formatter leaves them alone.
# fmt: off
TECH = (
    "fintech", "ecommerce", "saas", "healthtech", "logistics", "media", "gaming", "mobility", "edtech", "travel",
)

FAMILIES = (
    Family(
        key="backend",
        label="Backend engineering",
        roles=(
            "Backend Engineer", "Backend Developer", "Software Engineer", "API Engineer",
            "Python Developer", "Java Developer", "Go Engineer",
        ),
        specialties=(
            "Payments", "Platform", "APIs", "Integrations", "Search", "Billing", "Identity",
            "Core Services", "Microservices", "Distributed Systems",
        ),
        levels=TECH_LEVELS,
        skills=(
            "Python", "Java", "Go", "Kotlin", "Node.js", "C#", ".NET", "Django", "FastAPI",
            "Spring Boot", "PostgreSQL", "MySQL", "Redis", "Kafka", "RabbitMQ", "gRPC",
            "REST APIs", "GraphQL", "Docker", "Kubernetes", "AWS", "microservices",
            "event-driven architecture", "SQL",
        ),
        duties=(
            "design, build and run the REST APIs behind our web and mobile apps",
            "model data and write efficient queries for services that handle millions of requests a day",
            "break a legacy monolith into well-defined services with clear ownership",
            "build integrations with payment providers, carriers and partner APIs",
            "make services observable with metrics, traces and useful logs",
            "write automated unit and integration tests and keep the build fast",
            "take part in design reviews and an on-call rota shared by the team",
            "improve the performance and reliability of high-traffic endpoints",
            "design database schemas and migrations that can run without downtime",
            "build asynchronous workers and event consumers for background processing",
            "review pull requests and help colleagues grow through pairing",
            "work with product managers to turn requirements into small, shippable increments",
        ),
        outcomes=(
            "cut the p99 latency of our busiest endpoints in half",
            "retire the last parts of the old monolith",
            "make deployments a non-event that happens many times a day",
            "reduce incidents caused by database contention",
            "launch a public API that partners can self-serve",
        ),
        achievements=(
            "Reduced p95 latency of the orders API from {hi}0 ms to {lo} ms with caching and better indexes.",
            "Split a monolith into {n} services with clear ownership, cutting deployment time by {pct}%.",
            "Built a payments integration processing {n} thousand transactions a day.",
            "Introduced contract tests that caught {n} breaking API changes before release.",
            "Designed an event pipeline on a message queue that replaced nightly batch jobs.",
            "Raised test coverage from {lo}% to {hi}% and halved flaky builds.",
            "Led the migration of {n} services to containers on a managed cloud platform.",
        ),
        qualifications=(
            "a degree in computer science or equivalent practical experience",
            "a solid grasp of data structures, concurrency and networking",
            "experience running services in production",
        ),
        teams=(
            "payments team", "platform team", "core services team", "integrations squad",
            "checkout team",
        ),
        managers=("Engineering Manager", "Head of Engineering", "VP of Engineering", "CTO"),
        industries=(*TECH, "banking", "insurance", "telecom"),
        pay=65,
    ),
    Family(
        key="frontend",
        label="Frontend engineering",
        roles=(
            "Frontend Engineer", "Frontend Developer", "UI Engineer", "React Developer",
            "Web Developer", "JavaScript Engineer",
        ),
        specialties=(
            "React", "Design Systems", "Web Performance", "Accessibility", "Checkout", "Growth",
            "Next.js", "Angular", "Vue.js", "Dashboard",
        ),
        levels=TECH_LEVELS,
        skills=(
            "JavaScript", "TypeScript", "React", "Next.js", "Vue.js", "Angular", "HTML", "CSS",
            "Sass", "Tailwind CSS", "Redux", "GraphQL", "Jest", "Cypress", "Playwright",
            "Storybook", "Webpack", "Vite", "web accessibility", "Figma", "REST APIs",
        ),
        duties=(
            "build responsive, accessible interfaces used by thousands of customers every day",
            "create reusable components and document them in our component library",
            "work closely with designers to turn Figma files into polished screens",
            "manage client-side state and data fetching in a large single-page application",
            "measure and improve Core Web Vitals and bundle size",
            "write unit and end-to-end tests for critical user journeys",
            "make sure our product works with keyboards and screen readers",
            "run experiments with the growth team and ship variants safely behind feature flags",
            "help move legacy pages to a modern framework one route at a time",
            "review code and share frontend practices across product teams",
        ),
        outcomes=(
            "bring our Largest Contentful Paint under two seconds on mobile",
            "ship a design system every product team adopts",
            "make the app fully usable with a screen reader",
            "remove the last legacy jQuery pages",
        ),
        achievements=(
            "Cut the main bundle size by {pct}% with code splitting and dependency clean-up.",
            "Built a component library of {n} components adopted by {k} product teams.",
            "Improved Largest Contentful Paint from {k}.{d} s to under 2 s on mobile.",
            "Rebuilt the checkout in React, raising conversion by {pct}%.",
            "Made the customer portal conform to WCAG 2.1 AA after an external audit.",
            "Introduced end-to-end tests for {n} critical journeys and removed manual release checks.",
        ),
        qualifications=(
            "a portfolio or repositories showing web work you are proud of",
            "a good eye for detail and interaction design",
            "understanding of browser rendering and performance",
        ),
        teams=("web team", "design systems team", "growth squad", "customer portal team"),
        managers=("Engineering Manager", "Frontend Lead", "Head of Engineering"),
        industries=(*TECH, "media", "retail"),
        pay=60,
    ),
    Family(
        key="mobile",
        label="Mobile development",
        roles=(
            "iOS Engineer", "Android Engineer", "Mobile Developer", "iOS Developer",
            "Android Developer", "Mobile Engineer",
        ),
        specialties=(
            "Swift", "Kotlin", "React Native", "Flutter", "Payments", "Offline First",
            "Consumer App", "Mobile Platform", "Wearables",
        ),
        levels=TECH_LEVELS,
        skills=(
            "Swift", "SwiftUI", "UIKit", "Kotlin", "Jetpack Compose", "Android SDK", "Flutter",
            "Dart", "React Native", "Xcode", "Gradle", "Firebase", "Core Data", "REST APIs",
            "GraphQL", "push notifications", "Bluetooth LE", "CI/CD", "Fastlane",
        ),
        duties=(
            "build new features for our iOS and Android apps from design to release",
            "keep crash rates low and app start-up fast on older devices",
            "design offline-first data synchronisation that survives poor connections",
            "work with backend engineers on the APIs the apps depend on",
            "automate builds, tests and store releases",
            "implement push notifications, deep links and in-app payments",
            "write unit and UI tests and keep the release train on schedule",
            "review code and mentor other mobile developers",
            "monitor app store ratings and turn feedback into improvements",
        ),
        outcomes=(
            "keep the crash-free rate above 99.8%", "release every week without manual steps",
            "raise our app store rating above 4.7", "make the app work fully offline",
        ),
        achievements=(
            "Raised the crash-free session rate from 9{d}.{k}% to 99.{d}%.",
            "Rewrote the onboarding flow in SwiftUI, increasing completion by {pct}%.",
            "Automated store releases with Fastlane, cutting release time from a day to {n} minutes.",
            "Built offline sync for a field app used by {n} technicians.",
            "Migrated the Android app to Jetpack Compose screen by screen.",
        ),
        qualifications=(
            "apps in the App Store or Google Play that you helped build",
            "understanding of mobile architecture patterns such as MVVM",
            "attention to performance and battery use",
        ),
        teams=("mobile team", "app squad", "consumer apps team"),
        managers=("Mobile Lead", "Engineering Manager", "Head of Mobile"),
        industries=(*TECH, "banking", "retail"),
        pay=62,
    ),
    Family(
        key="devops",
        label="DevOps, platform and reliability",
        roles=(
            "DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer",
            "Infrastructure Engineer", "Cloud Architect",
        ),
        specialties=(
            "Kubernetes", "AWS", "Azure", "GCP", "Observability", "CI/CD", "Developer Experience",
            "Networking", "FinOps", "Infrastructure as Code",
        ),
        levels=TECH_LEVELS,
        skills=(
            "AWS", "Azure", "Google Cloud", "Kubernetes", "Docker", "Terraform", "Ansible", "Helm",
            "Argo CD", "GitHub Actions", "GitLab CI", "Jenkins", "Prometheus", "Grafana",
            "Datadog", "Linux", "Bash", "Python", "Go", "Istio", "Vault", "networking",
        ),
        duties=(
            "automate cloud infrastructure with infrastructure as code",
            "run and upgrade the Kubernetes clusters that host our services",
            "build CI/CD pipelines that let teams deploy safely many times a day",
            "define service level objectives and the alerts that protect them",
            "lead incident response and write blameless postmortems",
            "reduce cloud spend without hurting reliability",
            "manage secrets, access and network policies across environments",
            "build self-service tooling so product teams can launch services without tickets",
            "improve monitoring, logging and tracing across the platform",
            "plan capacity and run disaster recovery exercises",
        ),
        outcomes=(
            "cut cloud costs by a fifth", "give every service a dashboard and an SLO",
            "bring deployment time under ten minutes",
            "move the remaining virtual machines to containers",
        ),
        achievements=(
            "Moved {n} services to Kubernetes with zero customer-facing downtime.",
            "Cut monthly cloud spend by {pct}% through rightsizing and reserved capacity.",
            "Codified {n} AWS accounts in Terraform modules with automated policy checks.",
            "Reduced mean time to recovery from {hi} minutes to {lo} minutes with better alerting and runbooks.",
            "Built a deployment pipeline that took releases from weekly to {n} a day.",
        ),
        qualifications=(
            "strong Linux and networking fundamentals",
            "experience operating production systems on a public cloud",
            "a calm, structured approach to incidents",
        ),
        teams=("platform team", "infrastructure team", "SRE team", "cloud team"),
        managers=("Head of Infrastructure", "Platform Engineering Manager", "VP of Engineering"),
        industries=(*TECH, "banking", "telecom", "insurance"),
        pay=68,
    ),
    Family(
        key="data_engineering",
        label="Data engineering",
        roles=(
            "Data Engineer", "Analytics Engineer", "Big Data Engineer", "ETL Developer",
            "Data Platform Engineer",
        ),
        specialties=(
            "Spark", "Streaming", "dbt", "Snowflake", "Data Platform", "Lakehouse", "Data Quality",
            "Databricks", "Real-Time Data",
        ),
        levels=TECH_LEVELS,
        skills=(
            "SQL", "Python", "Scala", "Apache Spark", "Airflow", "dbt", "Snowflake", "BigQuery",
            "Redshift", "Databricks", "Kafka", "Flink", "Delta Lake", "Parquet", "AWS Glue",
            "data modelling", "ETL", "ELT", "Great Expectations", "Terraform",
        ),
        duties=(
            "design batch and streaming pipelines that feed our warehouse",
            "model data into clean, documented and tested tables",
            "orchestrate workflows and make failures visible and easy to recover",
            "build ingestion from SaaS tools, databases and event streams",
            "add data quality checks and contracts between producers and consumers",
            "tune queries and storage layouts for cost and speed",
            "work with analysts and data scientists to understand what they need",
            "manage access to sensitive data in line with privacy rules",
            "maintain the infrastructure of the data platform as code",
        ),
        outcomes=(
            "make every core metric come from one tested model",
            "cut warehouse costs while data volumes double",
            "deliver data to dashboards within five minutes of the event",
        ),
        achievements=(
            "Built streaming pipelines processing {n} million events a day with sub-minute latency.",
            "Migrated {n} legacy ETL jobs to dbt models with tests and documentation.",
            "Reduced warehouse costs by {pct}% through partitioning and incremental models.",
            "Introduced data quality checks that caught {n} broken loads before they reached dashboards.",
            "Designed the dimensional model behind the company's revenue reporting.",
        ),
        qualifications=(
            "strong SQL and data modelling skills", "experience with a cloud data warehouse",
            "care for data quality and documentation",
        ),
        teams=("data platform team", "analytics engineering team", "data team"),
        managers=("Head of Data", "Data Engineering Manager", "Director of Data"),
        industries=(*TECH, "retail", "insurance", "banking", "energy"),
        pay=64,
    ),
    Family(
        key="data_science",
        label="Data science and machine learning",
        roles=(
            "Data Scientist", "Machine Learning Engineer", "ML Engineer", "Applied Scientist",
            "AI Engineer", "Research Scientist",
        ),
        specialties=(
            "NLP", "Computer Vision", "Recommendations", "Forecasting", "Fraud", "Pricing",
            "MLOps", "Generative AI", "Causal Inference", "Personalisation",
        ),
        levels=TECH_LEVELS,
        skills=(
            "Python", "pandas", "NumPy", "scikit-learn", "PyTorch", "TensorFlow", "XGBoost",
            "statistics", "machine learning", "deep learning", "NLP", "computer vision", "MLflow",
            "Kubeflow", "feature engineering", "A/B testing", "SQL", "Hugging Face", "LLMs",
            "time series forecasting",
        ),
        duties=(
            "build and deploy machine learning models that run in production",
            "explore data, engineer features and choose the right model for the problem",
            "design experiments and measure the impact of models on customers",
            "set up model monitoring for drift and data quality",
            "build training and serving pipelines with our ML platform team",
            "explain results to product and business stakeholders in plain language",
            "evaluate large language models and decide when a smaller model is the better choice",
            "turn research prototypes into reliable services",
            "work with engineers to serve predictions with low latency",
        ),
        outcomes=(
            "put the first recommendation model into production",
            "cut fraud losses without blocking honest customers",
            "make forecasts the planning team trusts",
            "shorten the path from notebook to production to days",
        ),
        achievements=(
            "Built a churn model that targeted retention offers, saving {n} thousand euros a year.",
            "Deployed a recommendation model that lifted click-through by {pct}%.",
            "Reduced fraud losses by {pct}% with a gradient boosting model and new device features.",
            "Fine-tuned a transformer model for document classification with {hi}% accuracy.",
            "Designed and analysed {n} A/B tests for pricing and onboarding changes.",
            "Set up model monitoring that detected drift {n} days before it hurt accuracy.",
        ),
        qualifications=(
            "a degree in statistics, computer science, physics or another quantitative field",
            "solid statistics and experimental design",
            "experience taking models to production",
        ),
        teams=("data science team", "machine learning team", "AI team", "risk team"),
        managers=("Head of Data Science", "Director of AI", "ML Engineering Manager"),
        industries=(*TECH, "banking", "insurance", "retail", "pharma"),
        pay=70,
        degrees=("MSc Statistics", "MSc Machine Learning", "PhD Physics", "BSc Mathematics"),
    ),
    Family(
        key="data_analytics",
        label="Data analysis and business intelligence",
        roles=(
            "Data Analyst", "Business Intelligence Analyst", "BI Developer", "Reporting Analyst",
            "Product Analyst", "Business Analyst",
        ),
        specialties=(
            "Power BI", "Tableau", "Marketing", "Finance", "Product", "Operations",
            "Customer Insights", "Commercial", "Healthcare",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "SQL", "Excel", "Power BI", "Tableau", "Looker", "Python", "R", "Google Analytics",
            "DAX", "data visualisation", "statistics", "A/B testing", "BigQuery", "Snowflake",
            "dbt", "stakeholder management", "requirements gathering",
        ),
        duties=(
            "build dashboards and reports that teams use to make decisions",
            "write SQL to answer questions about customers, revenue and operations",
            "define metrics with stakeholders and document them clearly",
            "analyse experiments and explain what the results mean",
            "find the story in the data and present it to non-technical audiences",
            "automate recurring reports that are still built by hand",
            "check data quality and chase down numbers that do not add up",
            "support planning and forecasting with the finance team",
        ),
        outcomes=(
            "replace spreadsheet reporting with self-service dashboards",
            "give every team a small set of trusted metrics",
            "cut the time to answer ad-hoc questions from days to hours",
        ),
        achievements=(
            "Built a Power BI sales dashboard used weekly by {n} managers.",
            "Automated {n} monthly Excel reports with SQL and scheduled refreshes, saving {lo} hours a month.",
            "Identified a pricing issue worth {n} thousand euros a year through cohort analysis.",
            "Analysed {n} A/B tests and presented the results to the leadership team.",
            "Defined the company's core customer metrics and documented them in a shared glossary.",
        ),
        qualifications=(
            "strong SQL and spreadsheet skills", "a curious, sceptical approach to data",
            "clear written and spoken communication",
        ),
        teams=(
            "analytics team", "business intelligence team", "insights team",
            "finance analytics team",
        ),
        managers=("Analytics Manager", "Head of Data", "Head of BI"),
        industries=(*TECH, "retail", "insurance", "banking", "hospital", "public"),
        pay=50,
        degrees=(
            "BSc Economics", "BSc Mathematics", "MSc Business Analytics", "BA Business Studies",
        ),
    ),
    Family(
        key="security",
        label="Security engineering",
        roles=(
            "Security Engineer", "Cloud Security Engineer", "Application Security Engineer",
            "Security Analyst", "Penetration Tester", "SOC Analyst",
        ),
        specialties=(
            "AppSec", "Cloud Security", "Detection and Response", "Identity", "Offensive Security",
            "Governance and Compliance", "Zero Trust",
        ),
        levels=TECH_LEVELS,
        skills=(
            "penetration testing", "OWASP", "threat modelling", "SIEM", "Splunk",
            "incident response", "IAM", "AWS", "Azure", "Kubernetes security", "Burp Suite",
            "vulnerability management", "ISO 27001", "SOC 2", "Python", "network security", "EDR",
            "cryptography",
        ),
        duties=(
            "run threat modelling sessions with product teams",
            "find and fix vulnerabilities in our applications and cloud accounts",
            "build detections and respond to security alerts",
            "design identity and access management for staff and services",
            "coordinate penetration tests and track findings to closure",
            "prepare evidence for ISO 27001 and SOC 2 audits",
            "write secure coding guidelines and train engineers",
            "automate security checks in the CI/CD pipeline",
            "investigate incidents and lead the response when something goes wrong",
        ),
        outcomes=(
            "pass our first SOC 2 Type II audit",
            "get every critical vulnerability fixed within seven days",
            "make single sign-on and least privilege the default everywhere",
        ),
        achievements=(
            "Led the security programme that achieved ISO 27001 certification in {n} months.",
            "Built {n} SIEM detections that cut the mean time to detect from {k} hours to {lo} minutes.",
            "Found and helped fix {n} high-severity vulnerabilities in customer-facing applications.",
            "Rolled out single sign-on and MFA for {n} internal applications.",
            "Added dependency and container scanning to {n} CI pipelines.",
        ),
        qualifications=(
            "certifications such as OSCP, CISSP or cloud security certificates are welcome",
            "a good understanding of web and cloud attack techniques",
            "discretion and sound judgement",
        ),
        teams=("security team", "security operations centre", "product security team"),
        managers=("CISO", "Head of Security", "Security Engineering Manager"),
        industries=(*TECH, "banking", "insurance", "telecom", "public"),
        pay=70,
    ),
    Family(
        key="qa",
        label="Quality assurance and testing",
        roles=(
            "QA Engineer", "Test Automation Engineer", "QA Analyst", "Software Tester",
            "Quality Engineer", "SDET",
        ),
        specialties=(
            "Automation", "Mobile Testing", "Performance Testing", "API Testing", "Manual Testing",
            "Playwright", "Selenium",
        ),
        levels=TECH_LEVELS,
        skills=(
            "Selenium", "Playwright", "Cypress", "Appium", "JUnit", "pytest", "Postman", "JMeter",
            "k6", "test automation", "exploratory testing", "API testing", "Java", "JavaScript",
            "Python", "CI/CD", "Jira", "TestRail", "BDD",
        ),
        duties=(
            "build and maintain automated end-to-end and API test suites",
            "plan test strategies for new features with developers and product managers",
            "run exploratory testing sessions before major releases",
            "integrate tests into the CI/CD pipeline and keep them fast and stable",
            "report defects clearly and follow them through to a fix",
            "run performance and load tests before peak season",
            "coach developers on writing testable code",
        ),
        outcomes=(
            "remove manual regression testing from the release process",
            "bring flaky tests below one percent",
            "catch performance regressions before customers do",
        ),
        achievements=(
            "Automated {n} regression cases, cutting release testing from {k} days to {d} hours.",
            "Reduced flaky end-to-end tests from {pct}% to under 1%.",
            "Introduced load testing that found a database bottleneck before a peak of {n} times normal traffic.",
            "Built an API test suite with {n} contract tests run on every pull request.",
        ),
        qualifications=(
            "an analytical mind and attention to detail",
            "experience testing web or mobile applications", "ISTQB certification is a plus",
        ),
        teams=("quality team", "release team", "product squad"),
        managers=("QA Lead", "Engineering Manager", "Head of Quality"),
        industries=(*TECH, "banking", "insurance"),
        pay=52,
    ),
    Family(
        key="embedded",
        label="Embedded and hardware engineering",
        roles=(
            "Embedded Software Engineer", "Firmware Engineer", "Embedded Developer",
            "Hardware Engineer", "Electronics Engineer", "Embedded Linux Engineer",
        ),
        specialties=(
            "Automotive", "IoT", "Robotics", "Medical Devices", "Battery Systems", "Motor Control",
            "Wireless", "Embedded Linux",
        ),
        levels=TECH_LEVELS,
        skills=(
            "C", "C++", "embedded C", "RTOS", "FreeRTOS", "Zephyr", "ARM Cortex-M",
            "embedded Linux", "Yocto", "CAN bus", "SPI", "I2C", "UART", "Bluetooth LE", "AUTOSAR",
            "MISRA C", "Python", "oscilloscopes", "PCB design", "Altium", "ISO 26262",
        ),
        duties=(
            "write and test firmware for microcontrollers in our products",
            "bring up new hardware boards with the electronics team",
            "develop drivers for sensors and communication buses",
            "implement secure over-the-air updates",
            "debug timing and memory issues with oscilloscopes and logic analysers",
            "build hardware-in-the-loop test rigs",
            "produce documentation for safety and regulatory certification",
            "optimise power consumption for battery-powered devices",
        ),
        outcomes=(
            "ship the next hardware generation on schedule",
            "double battery life on our wireless sensors",
            "make over-the-air updates safe for every device in the field",
        ),
        achievements=(
            "Wrote the firmware for a sensor node that runs {n} months on one battery.",
            "Brought up {n} new boards and wrote their low-level drivers.",
            "Implemented a fail-safe bootloader for over-the-air updates on {n} thousand devices.",
            "Reduced firmware image size by {pct}% to fit a cheaper microcontroller.",
        ),
        qualifications=(
            "a degree in electrical, electronic or computer engineering",
            "comfort reading schematics and datasheets",
            "experience with safety-critical or regulated products is a plus",
        ),
        teams=("embedded team", "firmware team", "hardware team", "devices team"),
        managers=("Embedded Lead", "Head of Hardware", "Engineering Manager"),
        industries=("mobility", "energy", "manufacturing", "medtech", "telecom"),
        pay=62,
        degrees=(
            "BEng Electronic Engineering", "MSc Embedded Systems", "BEng Computer Engineering",
        ),
    ),
    Family(
        key="product",
        label="Product management",
        roles=(
            "Product Manager", "Product Owner", "Technical Product Manager",
            "Group Product Manager", "Product Lead",
        ),
        specialties=(
            "Payments", "Growth", "Platform", "Mobile", "B2B SaaS", "Marketplace", "Data Products",
            "Onboarding", "AI Products",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "product discovery", "roadmapping", "user stories", "Jira", "Confluence", "Agile",
            "Scrum", "OKRs", "A/B testing", "SQL", "Amplitude", "Mixpanel",
            "stakeholder management", "prioritisation", "market research", "go-to-market",
        ),
        duties=(
            "own the product roadmap for your area and explain the reasons behind it",
            "run discovery with customers to understand their problems",
            "write clear problem statements, user stories and acceptance criteria",
            "prioritise between new features, technical debt and customer requests",
            "work with engineering, design and data every day in a cross-functional team",
            "define success metrics and measure the impact of releases",
            "align sales, marketing and support on upcoming launches",
            "manage the backlog and run planning and review sessions",
        ),
        outcomes=(
            "raise activation of new customers by a measurable margin",
            "launch the product in two new markets",
            "turn the roadmap into outcomes rather than feature lists",
        ),
        achievements=(
            "Launched a self-serve onboarding flow that raised activation by {pct}%.",
            "Led discovery with {n} customers that reshaped the annual roadmap.",
            "Grew monthly active users from {lo} thousand to {hi} thousand in one year.",
            "Introduced quarterly OKRs across {n} product teams.",
        ),
        qualifications=(
            "experience shipping digital products with engineering teams",
            "strong analytical skills and comfort with data",
            "excellent written communication",
        ),
        teams=("product team", "growth squad", "platform tribe", "payments squad"),
        managers=("Head of Product", "VP of Product", "Chief Product Officer"),
        industries=(*TECH, "banking", "insurance", "retail"),
        pay=68,
        degrees=(
            "BSc Business Information Systems", "BA Economics", "MSc Management",
            "BSc Computer Science",
        ),
    ),
    Family(
        key="design",
        label="UX, UI and product design",
        roles=(
            "Product Designer", "UX Designer", "UI Designer", "UX Researcher",
            "Interaction Designer", "Visual Designer",
        ),
        specialties=(
            "Design Systems", "Mobile", "B2B SaaS", "E-commerce", "Research", "Accessibility",
            "Service Design", "Growth",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "Figma", "Sketch", "Adobe XD", "prototyping", "user research", "usability testing",
            "wireframing", "design systems", "interaction design", "visual design",
            "accessibility", "information architecture", "journey mapping", "Adobe Illustrator",
            "Adobe Photoshop", "Miro",
        ),
        duties=(
            "design end-to-end experiences from first sketches to polished screens",
            "run user interviews and usability tests and share what you learn",
            "build interactive prototypes to test ideas before they are built",
            "contribute components and patterns to our design system",
            "work closely with engineers on interaction details and edge cases",
            "map customer journeys and find the moments that frustrate people",
            "make sure every screen meets accessibility guidelines",
            "present design decisions with evidence and take critique well",
        ),
        outcomes=(
            "make the onboarding flow something customers finish without help",
            "establish a design system used by every squad",
            "build a habit of weekly customer conversations",
        ),
        achievements=(
            "Redesigned onboarding, raising completion from {lo}% to {hi}%.",
            "Built a design system of {n} components used across web and mobile.",
            "Ran {n} usability studies that changed the direction of a major release.",
            "Led an accessibility review that fixed {n} issues before an external audit.",
        ),
        qualifications=(
            "a portfolio that shows your process and shipped work",
            "strong interaction and visual design skills",
            "the ability to explain design decisions clearly",
        ),
        teams=("design team", "product squad", "research team"),
        managers=("Head of Design", "Design Director", "Design Manager"),
        industries=(*TECH, "retail", "banking", "media"),
        pay=56,
        degrees=(
            "BA Interaction Design", "BA Graphic Design", "MA Human-Computer Interaction",
            "BSc Psychology",
        ),
    ),
    Family(
        key="marketing",
        label="Marketing",
        roles=(
            "Marketing Manager", "Digital Marketing Specialist", "SEO Specialist",
            "Content Marketing Manager", "Performance Marketing Manager", "Growth Marketer",
            "Brand Manager", "Social Media Manager",
        ),
        specialties=(
            "SEO", "Paid Social", "Content", "Lifecycle", "B2B", "Brand", "Demand Generation",
            "E-commerce", "Product Marketing",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "SEO", "SEM", "Google Ads", "Meta Ads", "Google Analytics", "HubSpot", "Marketo",
            "email marketing", "content marketing", "copywriting", "social media marketing",
            "marketing automation", "brand strategy", "CRO", "A/B testing", "Salesforce", "Canva",
        ),
        duties=(
            "plan and run campaigns across search, social and email",
            "grow organic traffic through technical and content SEO",
            "manage paid budgets and optimise for cost per acquisition",
            "write and edit copy for landing pages, ads and newsletters",
            "build lifecycle journeys that turn sign-ups into loyal customers",
            "report on performance and decide where the next euro goes",
            "work with sales on lead generation and qualification",
            "brief designers, agencies and freelance writers",
            "keep the brand voice consistent across every channel",
        ),
        outcomes=(
            "double organic sign-ups within a year",
            "bring the cost per acquisition under target in every market",
            "build a newsletter people actually look forward to",
        ),
        achievements=(
            "Grew organic traffic by {pct}% in {n} months through technical SEO and content.",
            "Managed a paid media budget of {n} thousand euros a month and cut the cost per lead by {lo}%.",
            "Built email journeys that generated {pct}% of online revenue.",
            "Launched a rebrand across {n} markets on time and on budget.",
        ),
        qualifications=(
            "a track record of campaigns with measurable results", "excellent writing skills",
            "comfort with analytics tools and spreadsheets",
        ),
        teams=("marketing team", "growth team", "brand team", "demand generation team"),
        managers=("Head of Marketing", "CMO", "Marketing Director"),
        industries=(*TECH, "retail", "food", "travel", "media"),
        pay=52,
        degrees=("BA Marketing", "BA Communications", "BSc Business Management", "BA English"),
    ),
    Family(
        key="sales",
        label="Sales and business development",
        roles=(
            "Account Executive", "Sales Manager", "Business Development Manager",
            "Sales Development Representative", "Key Account Manager",
            "Inside Sales Representative", "Enterprise Account Executive",
        ),
        specialties=(
            "SaaS", "Enterprise", "Mid-Market", "DACH", "Nordics", "UK&I", "Public Sector",
            "Partnerships", "New Business",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "B2B sales", "Salesforce", "HubSpot", "lead generation", "prospecting", "negotiation",
            "account management", "pipeline management", "CRM", "solution selling", "MEDDIC",
            "cold calling", "contract negotiation", "sales forecasting",
            "LinkedIn Sales Navigator",
        ),
        duties=(
            "own the full sales cycle from first call to signed contract",
            "prospect into target accounts and book qualified meetings",
            "run discovery calls and product demonstrations",
            "negotiate commercial terms and close deals",
            "keep an accurate pipeline and forecast in the CRM",
            "grow existing accounts through renewals and upsells",
            "work with marketing on campaigns for your territory",
            "share customer feedback with the product team",
        ),
        outcomes=(
            "open a new territory and build its first pipeline",
            "exceed quota in your first full year",
            "land three lighthouse customers in a new segment",
        ),
        achievements=(
            "Closed {n} new logos and reached 1{lo}% of annual quota.",
            "Built a pipeline of {n} thousand euros in a new territory within six months.",
            "Grew key accounts by {pct}% through cross-selling and renewals.",
            "Booked {n} qualified meetings per month as a sales development representative.",
        ),
        qualifications=(
            "a track record of meeting or beating targets",
            "excellent communication and negotiation skills", "resilience and good organisation",
        ),
        teams=("sales team", "business development team", "commercial team"),
        managers=("Head of Sales", "Sales Director", "VP of Sales", "Chief Revenue Officer"),
        industries=(*TECH, "telecom", "energy", "logistics", "manufacturing"),
        pay=55,
        degrees=("BA Business Administration", "BA Marketing", "BSc Economics"),
    ),
    Family(
        key="customer_success",
        label="Customer success and support",
        roles=(
            "Customer Success Manager", "Customer Support Specialist",
            "Technical Support Engineer", "Support Team Lead", "Implementation Consultant",
            "Customer Service Representative",
        ),
        specialties=(
            "Enterprise", "SMB", "Onboarding", "Technical Support", "Renewals", "EMEA", "Tier 2",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "customer success", "customer service", "Zendesk", "Intercom", "Salesforce",
            "Gainsight", "onboarding", "account management", "churn reduction", "troubleshooting",
            "SQL", "APIs", "CRM", "communication", "conflict resolution",
        ),
        duties=(
            "onboard new customers and help them reach value quickly",
            "answer tickets, chats and calls with empathy and accuracy",
            "troubleshoot technical issues and escalate bugs with clear reproductions",
            "run regular business reviews with key accounts",
            "spot accounts at risk and act before renewal",
            "write help-centre articles for recurring questions",
            "share customer feedback with product and engineering",
        ),
        outcomes=(
            "keep net revenue retention above 110%",
            "answer every ticket within four business hours",
            "halve the time new customers take to go live",
        ),
        achievements=(
            "Managed a portfolio of {n} accounts with 9{d}% gross retention.",
            "Cut first response time from {k} hours to {lo} minutes by restructuring the support queue.",
            "Wrote {n} help-centre articles that reduced repeat tickets by {pct}%.",
            "Onboarded {n} enterprise customers with an average go-live time of {lo} days.",
        ),
        qualifications=(
            "excellent written and spoken communication",
            "patience and a genuine wish to help people", "comfort learning technical products",
        ),
        teams=("customer success team", "support team", "customer experience team"),
        managers=("Head of Customer Success", "Support Manager", "VP of Customer Experience"),
        industries=(*TECH, "telecom", "energy", "insurance"),
        pay=45,
        degrees=("BA Business Studies", "BA Communications", "BA Modern Languages"),
    ),
    Family(
        key="finance",
        label="Finance and accounting",
        roles=(
            "Financial Analyst", "Accountant", "Financial Controller", "FP&A Analyst",
            "Finance Manager", "Management Accountant", "Accounts Payable Specialist",
            "Payroll Specialist",
        ),
        specialties=(
            "FP&A", "Group Reporting", "Revenue", "Tax", "Treasury", "Audit", "Month-End Close",
            "Payroll",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "accounting", "Excel", "financial modelling", "IFRS", "US GAAP", "budgeting",
            "forecasting", "SAP", "Oracle NetSuite", "Xero", "audit", "VAT", "payroll",
            "accounts payable", "accounts receivable", "consolidation", "Power BI",
            "month-end close",
        ),
        duties=(
            "prepare monthly management accounts and variance analysis",
            "own parts of the month-end close and the balance sheet reconciliations",
            "build the budget and rolling forecasts with department heads",
            "support the year-end audit and statutory accounts",
            "improve financial controls and automate manual processes",
            "analyse margins, costs and pricing for the leadership team",
            "manage accounts payable and supplier payments",
            "prepare VAT returns and work with external tax advisers",
        ),
        outcomes=(
            "close the books in five working days",
            "replace spreadsheet forecasts with a proper planning model",
            "get a clean audit opinion with no management letter points",
        ),
        achievements=(
            "Shortened the month-end close from 1{k} to {k} working days.",
            "Built the three-statement financial model used in a funding round of {n} million euros.",
            "Automated {n} reconciliations, saving {lo} hours a month.",
            "Led the year-end audit with no adjustments for {k} years running.",
        ),
        qualifications=(
            "ACA, ACCA, CIMA or CPA qualified or studying towards it", "advanced Excel skills",
            "attention to detail and good judgement",
        ),
        teams=("finance team", "FP&A team", "group reporting team"),
        managers=("Finance Director", "CFO", "Head of Finance", "Financial Controller"),
        industries=(*TECH, "banking", "retail", "manufacturing", "hospital", "energy", "public"),
        pay=55,
        degrees=("BSc Accounting and Finance", "BA Economics", "MSc Finance"),
    ),
    Family(
        key="hr",
        label="People and talent",
        roles=(
            "HR Business Partner", "Talent Acquisition Specialist", "Recruiter",
            "People Operations Manager", "HR Generalist", "Learning and Development Manager",
        ),
        specialties=(
            "Tech Recruitment", "Employee Relations", "People Operations",
            "Compensation and Benefits", "Graduate Hiring", "Engagement",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "recruitment", "employment law", "employee relations", "Workday", "BambooHR",
            "Greenhouse", "interviewing", "onboarding", "compensation", "performance management",
            "HR analytics", "sourcing", "LinkedIn Recruiter", "coaching", "payroll",
        ),
        duties=(
            "run hiring processes from job description to signed offer",
            "advise managers on performance, conduct and employee relations",
            "design onboarding that helps new starters settle in quickly",
            "source candidates and build talent pools for hard-to-fill roles",
            "keep HR records and systems accurate and compliant",
            "run engagement surveys and follow up on what people say",
            "design learning programmes for managers",
        ),
        outcomes=(
            "hire fifty people this year without lowering the bar",
            "bring regretted attrition below ten percent",
            "give every manager the training they need",
        ),
        achievements=(
            "Hired {n} engineers in a year with an offer acceptance rate of {hi}%.",
            "Cut time to hire from {hi} to {lo} days by redesigning the interview process.",
            "Launched a manager training programme attended by {n} managers.",
            "Implemented a new HR system for {n} employees in {k} countries.",
        ),
        qualifications=(
            "CIPD or SHRM qualification is a plus", "good knowledge of local employment law",
            "discretion and excellent interpersonal skills",
        ),
        teams=("people team", "talent team", "HR team"),
        managers=("Head of People", "HR Director", "Chief People Officer"),
        industries=(*TECH, "retail", "hospital", "manufacturing", "logistics"),
        pay=50,
        degrees=("BA Human Resource Management", "BSc Psychology", "BA Business Studies"),
    ),
    Family(
        key="nursing",
        label="Nursing",
        roles=(
            "Registered Nurse", "Staff Nurse", "Charge Nurse", "Nurse Practitioner",
            "Clinical Nurse Specialist", "Community Nurse", "Theatre Nurse",
        ),
        specialties=(
            "Intensive Care", "Emergency Department", "Medical Ward", "Surgical Ward",
            "Paediatrics", "Oncology", "Cardiology", "Community", "Mental Health", "Theatres",
            "Urgent Care",
        ),
        levels=CLINICAL_LEVELS,
        skills=(
            "patient assessment", "medication administration", "wound care", "triage",
            "IV therapy", "care planning", "infection control", "BLS", "ALS", "ACLS",
            "electronic health records", "Epic", "clinical documentation", "patient education",
            "phlebotomy", "catheterisation", "palliative care", "safeguarding",
        ),
        duties=(
            "assess patients and plan, deliver and evaluate their care",
            "administer medicines safely and monitor their effects",
            "recognise deteriorating patients and escalate promptly",
            "work with doctors, therapists and pharmacists in a multidisciplinary team",
            "keep accurate clinical records in the electronic patient record",
            "support patients and families with clear information and compassion",
            "supervise students and newly qualified colleagues",
            "take charge of the shift when needed",
            "follow infection prevention and safeguarding procedures",
        ),
        outcomes=(
            "keep falls and pressure ulcers on the unit to a minimum",
            "help the unit meet its patient experience goals", "grow into a charge nurse role",
        ),
        achievements=(
            "Cared for up to {k} patients per shift on a busy 2{d}-bed unit.",
            "Led a hand-hygiene audit that raised compliance from 7{d}% to 9{k}%.",
            "Precepted {n} newly qualified nurses through their first year.",
            "Introduced a sepsis screening checklist adopted across {n} wards.",
            "Acted as super-user for the electronic patient record, training {n} colleagues.",
        ),
        qualifications=(
            "registration as a nurse with the national regulator",
            "a compassionate, patient-centred approach",
            "the ability to stay calm and organised under pressure",
        ),
        teams=("ward team", "unit team", "community nursing team", "emergency team"),
        managers=("Ward Manager", "Matron", "Nurse Manager", "Director of Nursing"),
        industries=("hospital", "clinic", "care"),
        pay=40,
        remote=False,
        degrees=(
            "BSc Nursing", "BSc Adult Nursing", "Diploma in Nursing", "MSc Advanced Practice",
        ),
    ),
    Family(
        key="allied_health",
        label="Pharmacy, therapy and diagnostics",
        roles=(
            "Pharmacist", "Physiotherapist", "Occupational Therapist", "Radiographer",
            "Biomedical Scientist", "Dietitian", "Pharmacy Technician",
        ),
        specialties=(
            "Hospital", "Community", "Musculoskeletal", "Neurology", "CT and MRI", "Haematology",
            "Paediatrics", "Rehabilitation", "Oncology",
        ),
        levels=CLINICAL_LEVELS,
        skills=(
            "clinical assessment", "patient care", "rehabilitation", "medicines management",
            "dispensing", "MRI", "CT", "ultrasound", "laboratory testing", "quality control",
            "exercise prescription", "clinical documentation", "electronic health records",
            "infection control", "patient education", "clinical governance",
        ),
        duties=(
            "assess patients and agree treatment plans with them",
            "deliver treatment and review progress against goals",
            "work in a multidisciplinary team with doctors and nurses",
            "keep clear records that meet professional standards",
            "take part in audits and quality improvement projects",
            "supervise students and support junior colleagues",
            "advise colleagues on your area of expertise",
        ),
        outcomes=(
            "shorten waiting times for first appointments",
            "lead a quality improvement project of your choice",
            "develop a specialist interest with funded training",
        ),
        achievements=(
            "Managed a caseload of {n} patients across inpatient and outpatient settings.",
            "Led an audit that cut medication errors by {pct}%.",
            "Reduced waiting times for first appointments from 1{k} to {k} weeks.",
            "Supervised {n} students on clinical placements.",
        ),
        qualifications=(
            "registration with the relevant professional regulator",
            "a relevant degree or equivalent professional qualification",
            "strong communication with patients and colleagues",
        ),
        teams=("therapy team", "pharmacy team", "imaging department", "laboratory team"),
        managers=("Clinical Lead", "Head of Therapies", "Chief Pharmacist", "Service Manager"),
        industries=("hospital", "clinic", "care", "pharma"),
        pay=44,
        remote=False,
        degrees=(
            "MPharm Pharmacy", "BSc Physiotherapy", "BSc Diagnostic Radiography",
            "BSc Biomedical Science",
        ),
    ),
    Family(
        key="operations",
        label="Supply chain, logistics and operations",
        roles=(
            "Operations Manager", "Supply Chain Planner", "Logistics Coordinator",
            "Warehouse Manager", "Procurement Specialist", "Buyer", "Demand Planner",
            "Continuous Improvement Manager",
        ),
        specialties=(
            "Inbound", "Transport", "Fulfilment", "Demand Planning", "Procurement", "Lean",
            "Cold Chain", "Last Mile", "S&OP",
        ),
        levels=BUSINESS_LEVELS,
        skills=(
            "supply chain management", "logistics", "inventory management", "procurement",
            "warehouse management systems", "SAP", "Excel", "Lean", "Six Sigma", "demand planning",
            "S&OP", "vendor management", "negotiation", "forecasting", "health and safety", "KPIs",
            "process improvement", "transport planning",
        ),
        duties=(
            "plan stock, capacity and transport against expected demand",
            "lead shift teams and keep the operation safe and productive",
            "manage suppliers, carriers and service levels",
            "run tenders and negotiate contracts",
            "track KPIs and fix the root causes of missed targets",
            "run continuous improvement projects on the floor",
            "coordinate with sales and customers during peak season",
            "keep inventory records accurate and reduce write-offs",
        ),
        outcomes=(
            "reach 99% on-time delivery", "cut inventory write-offs in half",
            "open a new distribution centre smoothly",
        ),
        achievements=(
            "Improved on-time delivery from 8{d}% to 9{d}% across {n} routes.",
            "Cut inventory write-offs by {pct}% with cycle counting and better slotting.",
            "Negotiated carrier contracts that saved {n} thousand euros a year.",
            "Led {n} Lean projects that raised picking productivity by {pct}%.",
        ),
        qualifications=(
            "experience in a fast-moving operational environment",
            "strong Excel and analytical skills",
            "clear communication with teams on the floor and in the office",
        ),
        teams=("operations team", "supply chain team", "planning team", "procurement team"),
        managers=(
            "Operations Director", "Head of Supply Chain", "Site Manager", "Logistics Manager",
        ),
        industries=(
            "logistics", "retail", "manufacturing", "food", "ecommerce", "pharma", "energy",
        ),
        pay=50,
        degrees=(
            "BSc Supply Chain Management", "BSc Logistics", "BA Business Studies",
            "BEng Industrial Engineering",
        ),
    ),
)

# Industry: (noun for the company, products it builds or services it runs, customers, company-name suffixes).
INDUSTRIES = {
    "fintech": ("fintech company",
        ("a payments platform", "a business banking app", "card issuing services", "an expense management tool"),
        ("small businesses", "online merchants", "freelancers"), ("Pay", "Finance", "Ledger", "Money")),
    "banking": ("bank", ("digital banking", "mortgages and savings", "business lending"),
        ("retail customers", "families and businesses"), ("Bank", "Savings", "Capital")),
    "insurance": ("insurer", ("home and motor insurance", "health insurance", "commercial insurance"),
        ("households", "small businesses", "brokers"), ("Insurance", "Mutual", "Assurance")),
    "ecommerce": ("online retailer", ("an online marketplace", "a fashion web shop", "same-day grocery delivery"),
        ("online shoppers", "independent brands"), ("Shop", "Market", "Commerce")),
    "retail": ("retailer", ("stores and a web shop", "home and garden stores", "pharmacy and beauty stores"),
        ("shoppers", "families"), ("Retail", "Stores", "Group")),
    "saas": ("software company",
        ("a project management tool", "an HR platform", "a developer tools suite", "a customer support platform"),
        ("teams of every size", "engineering teams", "mid-sized companies"), ("Software", "Labs", "Cloud", "HQ")),
    "healthtech": ("health technology company",
        ("a telehealth app", "clinical workflow software", "remote patient monitoring"),
        ("clinics", "hospitals", "patients"), ("Health", "Care", "Medical")),
    "medtech": ("medical device maker", ("infusion pumps", "wearable monitors", "diagnostic devices"),
        ("hospitals", "clinicians"), ("Medical", "Devices", "Diagnostics")),
    "hospital": ("hospital group", ("acute hospitals", "specialist care centres"),
        ("patients", "local communities"), ("Health Partners", "Hospitals", "Healthcare")),
    "clinic": ("clinic network", ("urgent care clinics", "primary care practices", "outpatient clinics"),
        ("patients", "families"), ("Clinics", "Medical Group", "Care")),
    "care": ("care provider", ("care homes", "home care services", "rehabilitation centres"),
        ("older people", "people with disabilities"), ("Care", "Living", "Homecare")),
    "pharma": ("pharmaceutical company", ("generic medicines", "vaccines", "specialty drugs"),
        ("patients", "health systems"), ("Pharma", "Therapeutics", "Biosciences")),
    "logistics": ("logistics company", ("freight forwarding", "warehousing and fulfilment", "parcel delivery"),
        ("retailers", "manufacturers"), ("Logistics", "Freight", "Transport")),
    "manufacturing": ("manufacturer", ("industrial pumps", "packaging", "electric motors", "building materials"),
        ("industrial customers", "distributors"), ("Industries", "Manufacturing", "Works")),
    "energy": ("energy company", ("solar installations", "home battery storage", "EV charging networks"),
        ("homeowners", "businesses", "grid operators"), ("Energy", "Power", "Solar")),
    "mobility": ("mobility company", ("car-sharing", "electric fleet software", "connected vehicles"),
        ("drivers", "fleet operators", "cities"), ("Mobility", "Motors", "Fleet")),
    "media": ("media company", ("a streaming service", "news and magazines", "a podcast network"),
        ("readers", "listeners", "advertisers"), ("Media", "Studios", "Publishing")),
    "gaming": ("game studio", ("mobile games", "console and PC games", "online multiplayer games"),
        ("players", "gamers"), ("Games", "Studios", "Interactive")),
    "edtech": ("education technology company",
        ("an online learning platform", "school management software", "language learning apps"),
        ("students", "schools", "teachers"), ("Learning", "Academy", "Education")),
    "travel": ("travel company", ("a booking platform", "holiday packages", "business travel software"),
        ("travellers", "hotels", "companies"), ("Travel", "Trips", "Journeys")),
    "telecom": ("telecoms operator", ("mobile and broadband services", "fibre networks"),
        ("households", "businesses"), ("Telecom", "Networks", "Connect")),
    "food": ("food company", ("ready meals", "plant-based foods", "coffee and bakery products"),
        ("supermarkets", "restaurants"), ("Foods", "Kitchen", "Bakery")),
    "public": ("public sector organisation", ("local services", "public health programmes", "transport services"),
        ("residents", "citizens"), ("Council", "Authority", "Agency")),
}

# How an industry is named in a sentence ("ideally in e-commerce", "most recently in social care").
SECTORS = {
    "fintech": "fintech", "banking": "banking", "insurance": "insurance", "ecommerce": "e-commerce",
    "retail": "retail", "saas": "SaaS", "healthtech": "health tech", "medtech": "medical devices",
    "hospital": "hospital care", "clinic": "primary care", "care": "social care", "pharma": "pharmaceuticals",
    "logistics": "logistics", "manufacturing": "manufacturing", "energy": "energy", "mobility": "mobility",
    "media": "media", "gaming": "gaming", "edtech": "education technology", "travel": "travel",
    "telecom": "telecoms", "food": "food and drink", "public": "the public sector",
}

COMPANY_STEMS = (
    "Alder", "Amber", "Arrow", "Aster", "Atlas", "Aurora", "Beacon", "Birch", "Blue Harbor",
    "Bright", "Brook", "Cedar", "Clearwater", "Cobalt", "Copper", "Coral", "Crest", "Delta",
    "Ember", "Evergreen", "Fern", "Fjord", "Foxglove", "Granite", "Greenfield", "Harbour", "Hazel",
    "Helix", "Heron", "Horizon", "Indigo", "Iron Bridge", "Juniper", "Kestrel", "Lark", "Linden",
    "Lumen", "Maple", "Meadow", "Meridian", "Northwind", "Nova", "Oak", "Onyx", "Orchard",
    "Osprey", "Pine", "Polar", "Quartz", "Quill", "Redwood", "Ridge", "River", "Rowan", "Sable",
    "Saffron", "Silverline", "Solstice", "Sparrow", "Spruce", "Stone", "Summit", "Tidewater",
    "Thistle", "True North", "Vale", "Vantage", "Violet", "Willow", "Wren", "Zenith",
)

# City, country, currency, spoken language other than English (or "").
CITIES = (
    ("London", "United Kingdom", "GBP", ""), ("Manchester", "United Kingdom", "GBP", ""),
    ("Edinburgh", "United Kingdom", "GBP", ""), ("Bristol", "United Kingdom", "GBP", ""),
    ("Leeds", "United Kingdom", "GBP", ""), ("Dublin", "Ireland", "EUR", ""), ("Cork", "Ireland", "EUR", ""),
    ("Berlin", "Germany", "EUR", "German"), ("Munich", "Germany", "EUR", "German"),
    ("Hamburg", "Germany", "EUR", "German"), ("Amsterdam", "Netherlands", "EUR", "Dutch"),
    ("Rotterdam", "Netherlands", "EUR", "Dutch"), ("Paris", "France", "EUR", "French"),
    ("Lyon", "France", "EUR", "French"), ("Madrid", "Spain", "EUR", "Spanish"),
    ("Barcelona", "Spain", "EUR", "Spanish"), ("Lisbon", "Portugal", "EUR", "Portuguese"),
    ("Milan", "Italy", "EUR", "Italian"), ("Vienna", "Austria", "EUR", "German"),
    ("Brussels", "Belgium", "EUR", "French"), ("Copenhagen", "Denmark", "EUR", "Danish"),
    ("Stockholm", "Sweden", "EUR", "Swedish"), ("Helsinki", "Finland", "EUR", "Finnish"),
    ("Zurich", "Switzerland", "CHF", "German"), ("New York, NY", "USA", "USD", ""),
    ("San Francisco, CA", "USA", "USD", ""), ("Austin, TX", "USA", "USD", "Spanish"),
    ("Seattle, WA", "USA", "USD", ""), ("Chicago, IL", "USA", "USD", ""), ("Boston, MA", "USA", "USD", ""),
    ("Denver, CO", "USA", "USD", ""), ("Atlanta, GA", "USA", "USD", ""), ("Toronto, ON", "Canada", "CAD", ""),
    ("Montréal, QC", "Canada", "CAD", "French"), ("Vancouver, BC", "Canada", "CAD", ""),
)

# Currency: (prefix, pay factor relative to euros in the eurozone).
CURRENCIES = {"EUR": ("€", 1.0), "GBP": ("£", 0.92), "USD": ("$", 1.55), "CAD": ("CA$", 1.3), "CHF": ("CHF ", 1.6)}

REMOTE_REGIONS = {"USD": "Remote (US)", "CAD": "Remote (Canada)", "GBP": "Remote (UK)"}

INTROS = (
    "{company} builds {product} for {customers}.",
    "{company} is {a_noun} in {city} that provides {product} to {customers}.",
    "At {company}, {a_size} {noun}, we offer {product} to {customers}.",
    "{company} runs {product} for {customers} and is growing its {team}.",
    "Founded in {year}, {company} is {a_size} {noun} focused on {product}.",
)
SIZES = (
    "fast-growing", "50-person", "150-person", "mid-sized", "well-established", "profitable",
    "venture-backed", "family-owned", "international", "award-winning",
)
ROLE_OPENERS = (
    "As {a_title}, you will {d1} and {d2}.",
    "We are hiring {a_title} to {d1}.",
    "In this role you will {d1}, {d2} and {d3}.",
    "You will join our {team} as {a_title} and {d1}.",
    "The {team} is looking for {a_title} who will {d1} and {d2}.",
)
DAY_TO_DAY = (
    "Day to day you will {d1} and {d2}.", "You will also {d1}.",
    "Your week will include time to {d1}, and to {d2}.", "Other responsibilities: {d1}; {d2}.",
)
STACK = (
    "You will work with {s1}, {s2} and {s3}.", "Our tools include {s1}, {s2} and {s3}.",
    "Day-to-day work involves {s1} and {s2}, with some {s3}.",
    "Expect to use {s1}, {s2} and {s3} every week.",
)
GOALS = (
    "In your first year you will help us {outcome}.",
    "Success in this role means that we {outcome}.",
    "Our goal for the next twelve months is to {outcome}, and you will play a big part in it.",
)
REPORTING = (
    "You will report to the {manager} and work in a team of {n}.",
    "The team has {n} people and reports to the {manager}.",
    "You will be one of {n} people in the {team}, reporting to the {manager}.",
)
MODES = (
    ("on-site", "This role is based on site in {city}."),
    ("hybrid", "We work in a hybrid way: two or three days a week in our {city} office."),
    ("hybrid", "You will spend about half of your time at our {city} office."),
    ("remote", "This is a remote role; we meet in person a few times a year."),
)
CLINICAL_MODES = (
    ("on-site", "Shifts are long days and nights on a rota planned six weeks ahead."),
    ("on-site", "The role is full time on site in {city}, with a mix of day and night shifts."),
    ("on-site", "Part-time and flexible working patterns are welcome."),
)
BENEFITS = (
    "We offer {days} days of paid holiday, a pension plan and a yearly learning budget.",
    "Benefits include private health insurance, {days} days of holiday and flexible hours.",
    "You will get a learning budget, parental leave above the legal minimum and {days} days off a year.",
    "We provide a company pension, a cycle-to-work scheme and {days} days of annual leave.",
    "Perks include paid volunteering days, wellbeing support and {days} days of holiday.",
    "We pay for professional registrations and training, and offer {days} days of annual leave.",
)
REQ_EXPERIENCE = (
    "{years}+ years of experience as {a_role} or in a similar role",
    "At least {years} years of relevant experience, ideally in {industry}",
    "{years}+ years of professional experience in {label}",
)
REQ_JUNIOR = (
    "Some experience as {a_role}, through work, internships or placements",
    "Up to two years of experience; motivated graduates are welcome",
)
REQ_SKILL = (
    "Strong {s1} skills", "Hands-on experience with {s1} and {s2}", "Practical knowledge of {s1}",
    "Experience with {s1}, {s2} or similar", "Confident with {s1} in a professional setting",
)
REQ_BONUS = ("Experience with {s1} is a plus", "Nice to have: {s1}", "Bonus points for {s1}")
REQ_LANGUAGE = ("Fluent English; {language} is a plus", "Fluent {language} and good English", "Fluent English")

FIRST_NAMES = (
    "Alex", "Amara", "Anna", "Ben", "Camille", "Carlos", "Chloe", "Daniel", "Elena", "Emeka",
    "Fatima", "Finn", "Grace", "Hannah", "Hugo", "Isabel", "Jonas", "Julia", "Kai", "Laura",
    "Leila", "Lucas", "Maya", "Mei", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Rafael", "Rosa",
    "Sam", "Sara", "Sofia", "Tom", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Ahmed", "Andersen", "Bauer", "Bianchi", "Brennan", "Carter", "Costa", "Dubois", "Evans",
    "Fischer", "Garcia", "Hansen", "Ibrahim", "Jansen", "Kowalski", "Larsen", "Lopez", "Martin",
    "Moreau", "Murphy", "Nakamura", "Novak", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt",
    "Silva", "Taylor", "Walsh", "Yilmaz",
)
UNIVERSITIES = (
    "University of Westmoor", "Eastbank University", "Northgate Institute of Technology",
    "Riverside University", "Lakeshore College", "Kingsbridge University", "Highfield Polytechnic",
    "Southport University",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

QUERY_PATTERNS = (
    "{level} {role} {city}", "{role} jobs in {city}", "{role} {skill}", "remote {role}",
    "{skill} {skill2} {role}", "{level} {role} {specialty}", "{specialty} {role} {mode}",
    "{role} with {skill} experience", "entry level {role}", "{skill} jobs", "{role} {industry}",
)
SNIPPET_PATTERNS = (
    "{role} with {years} years of experience in {industry}, skilled in {skill}, {skill2} and {skill3}. {achievement}",
    "Experienced {role} looking for a new role in {city}. Strong {skill} and {skill2}. {achievement}",
    "{achievement} Most recently worked as {a_role} using {skill} and {skill2}; now seeking {a_level} position.",
    "I am {a_role} ({years} years) and I like to {duty}. Main tools: {skill}, {skill2}, {skill3}.",
)
# fmt: on
